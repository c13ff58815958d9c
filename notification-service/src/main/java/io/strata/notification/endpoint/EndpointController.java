package io.strata.notification.endpoint;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The endpoints API, {@code /v2/webhooks}. */
@RestController
@RequestMapping("/v2/webhooks")
@Tag(name = "webhooks")
class EndpointController {

	private final RegisteringEndpoints registering;

	private final ManagingEndpoints managing;

	private final RotatingSecrets rotating;

	EndpointController(RegisteringEndpoints registering, ManagingEndpoints managing, RotatingSecrets rotating) {
		this.registering = registering;
		this.managing = managing;
		this.rotating = rotating;
	}

	@PostMapping("/register")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createWebhookEndpoint",
			summary = "Register a webhook endpoint (the answer holds its signing secret)")
	ResponseEntity<EndpointView> register(@Valid @RequestBody EndpointRequests.Register request) {
		RegisteringEndpoints.Registered registered = this.registering.register(request);
		return ResponseEntity.created(URI.create("/v2/webhooks/" + registered.endpoint().id()))
			.eTag(registered.endpoint().etag())
			.body(EndpointView.of(registered.endpoint(), registered.secret()));
	}

	@GetMapping
	@Operation(operationId = "listWebhookEndpoints", summary = "List webhook endpoints")
	Page<EndpointView> list(PageRequest page) {
		return this.managing.list(page).map(EndpointView::of);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getWebhookEndpoint", summary = "Get a webhook endpoint")
	ResponseEntity<EndpointView> get(@PathVariable String id) {
		return view(this.managing.get(id));
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "updateWebhookEndpoint", summary = "Update a webhook endpoint (absent fields stay)")
	ResponseEntity<EndpointView> update(@PathVariable String id, @Valid @RequestBody EndpointRequests.Update request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return view(this.managing.update(id, request, ifMatch));
	}

	@PostMapping("/{id}/disable")
	@Operation(operationId = "disableWebhookEndpoint", summary = "Disable a webhook endpoint")
	ResponseEntity<EndpointView> disable(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return view(this.managing.disable(id, ifMatch));
	}

	@PostMapping("/{id}/enable")
	@Operation(operationId = "enableWebhookEndpoint", summary = "Enable a webhook endpoint")
	ResponseEntity<EndpointView> enable(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return view(this.managing.enable(id, ifMatch));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
	ResponseEntity<Void> delete(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		this.managing.delete(id, ifMatch);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/rotate-secret")
	@Operation(operationId = "rotateWebhookEndpointSecret",
			summary = "Rotate the endpoint's signing secret (the answer holds the new one)")
	ResponseEntity<EndpointView> rotate(@PathVariable String id) {
		RegisteringEndpoints.Registered rotated = this.rotating.rotate(id);
		return ResponseEntity.ok()
			.eTag(rotated.endpoint().etag())
			.body(EndpointView.of(rotated.endpoint(), rotated.secret()));
	}

	private static ResponseEntity<EndpointView> view(Endpoint endpoint) {
		return ResponseEntity.ok().eTag(endpoint.etag()).body(EndpointView.of(endpoint));
	}

}
