package io.strata.workflow.resource;

import java.net.URI;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.ETags;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/resources} and {@code /v2/resources/{id}}. The searchable list
 * ({@code GET /v2/resources?filter=}) is analytics-service's.
 */
@RestController
@RequestMapping("/v2/resources")
@Tag(name = "resources")
class ResourceController {

	private final ManagingResources resources;

	ResourceController(ManagingResources resources) {
		this.resources = resources;
	}

	/**
	 * A create request.
	 *
	 * @param type the type's name
	 * @param attributes the attributes
	 */
	@Schema(description = "A new resource: its type and attributes.")
	record CreateRequest(@Schema(example = "ticket") String type,
			@Schema(example = "{\"title\": \"Printer out of paper\", \"priority\": 2}") JsonNode attributes) {

	}

	/**
	 * A replace request.
	 *
	 * @param attributes the new attributes, in full
	 */
	@Schema(description = "The resource's attributes, in full.")
	record ReplaceRequest(
			@Schema(example = "{\"title\": \"Printer out of paper\", \"priority\": 3}") JsonNode attributes) {

	}

	/**
	 * A JSON Merge Patch (RFC 7396) of a resource.
	 *
	 * @param attributes merged into the attributes; a null member removes an attribute
	 */
	@Schema(description = "A JSON Merge Patch (RFC 7396) of a resource: a null member removes an attribute.")
	record ResourcePatch(@Nullable @Schema(example = "{\"priority\": 1, \"assignee\": null}") JsonNode attributes) {

	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createResource", summary = "Create a resource")
	ResponseEntity<ResourceView> create(@RequestBody CreateRequest request) {
		Resource resource = this.resources.create(TenantContext.requireTenant(), request.type(), request.attributes());
		return ResponseEntity.created(URI.create("/v2/resources/" + resource.id()))
			.eTag(ETags.of(resource.version()))
			.body(ResourceView.of(resource));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getResource", summary = "Get a resource")
	ResponseEntity<ResourceView> get(@PathVariable String id) {
		return respond(this.resources.get(TenantContext.requireTenant(), id));
	}

	@PutMapping("/{id}")
	@Operation(operationId = "replaceResource", summary = "Replace a resource's attributes")
	ResponseEntity<ResourceView> replace(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody ReplaceRequest request) {
		return respond(this.resources.replace(TenantContext.requireTenant(), id, ifMatch, request.attributes()));
	}

	/**
	 * JSON Merge Patch (RFC 7396) of the resource: {@code {"attributes": {...}}}; a null
	 * member removes an attribute.
	 */
	@PatchMapping(path = "/{id}", consumes = { "application/merge-patch+json", "application/json" })
	@Operation(operationId = "updateResource", summary = "Update a resource's attributes (JSON Merge Patch)")
	ResponseEntity<ResourceView> patch(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = "application/merge-patch+json",
							schema = @Schema(implementation = ResourcePatch.class)),
					@Content(mediaType = "application/json",
							schema = @Schema(implementation = ResourcePatch.class)) }) @RequestBody JsonNode patch) {
		if (!patch.isObject()) {
			throw ProblemException.invalid("A merge patch of a resource is a JSON object.",
					List.of(new FieldViolation("", "must be an object such as {\"attributes\": {...}}")));
		}
		JsonNode attributesPatch = patch.has("attributes") ? patch.get("attributes")
				: JsonNodeFactory.instance.objectNode();
		return respond(this.resources.patch(TenantContext.requireTenant(), id, ifMatch, attributesPatch));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteResource", summary = "Delete a resource")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		this.resources.delete(TenantContext.requireTenant(), id, ifMatch);
		return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
	}

	private static ResponseEntity<ResourceView> respond(Resource resource) {
		return ResponseEntity.ok().eTag(ETags.of(resource.version())).body(ResourceView.of(resource));
	}

}
