package io.strata.workflow.resourcetype;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.strata.platform.web.ETags;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2/resource-types}: define, list, read, update (new version) and retire. */
@RestController
@RequestMapping("/v2/resource-types")
@Tag(name = "resource-types")
class ResourceTypeController {

	private final DefiningResourceTypes defining;

	private final ReadingResourceTypes reading;

	ResourceTypeController(DefiningResourceTypes defining, ReadingResourceTypes reading) {
		this.defining = defining;
		this.reading = reading;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createResourceType", summary = "Define a resource type")
	ResponseEntity<ResourceTypeView> define(@RequestBody DefiningResourceTypes.Definition definition) {
		ResourceType type = this.defining.define(TenantContext.requireTenant(), definition);
		return respond(HttpStatus.CREATED, type);
	}

	@GetMapping
	@Operation(operationId = "listResourceTypes", summary = "List resource types (their current versions)")
	Page<ResourceTypeView> list(PageRequest page) {
		return this.reading.page(TenantContext.requireTenant(), page).map(ResourceTypeView::of);
	}

	@GetMapping("/{name}")
	@Operation(operationId = "getResourceType", summary = "Get a resource type (a version of it)")
	ResponseEntity<ResourceTypeView> get(@PathVariable String name,
			@RequestParam(name = "version", defaultValue = "0") int version) {
		ResourceType type = this.reading.find(TenantContext.requireTenant(), name, version)
			.orElseThrow(() -> ProblemException.notFound("Resource type", name));
		return respond(HttpStatus.OK, type);
	}

	@PutMapping("/{name}")
	@Operation(operationId = "updateResourceType", summary = "Update a resource type (a new version)")
	ResponseEntity<ResourceTypeView> update(@PathVariable String name,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody DefiningResourceTypes.Definition definition) {
		return respond(HttpStatus.OK, this.defining.update(TenantContext.requireTenant(), name, ifMatch, definition));
	}

	@PostMapping("/{name}/retire")
	@Operation(operationId = "retireResourceType", summary = "Retire a resource type")
	ResponseEntity<ResourceTypeView> retire(@PathVariable String name) {
		return respond(HttpStatus.OK, this.defining.retire(TenantContext.requireTenant(), name));
	}

	private static ResponseEntity<ResourceTypeView> respond(HttpStatus status, ResourceType type) {
		return ResponseEntity.status(status).eTag(ETags.of(type.version())).body(ResourceTypeView.of(type));
	}

}
