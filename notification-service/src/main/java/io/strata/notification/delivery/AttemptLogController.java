package io.strata.notification.delivery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The delivery log: every attempt to an endpoint, newest first, optionally for one
 * message, with status code, latency, the start of the response and the error.
 */
@RestController
@Tag(name = "webhooks")
class AttemptLogController {

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final AttemptLog log;

	AttemptLogController(TenantScope tenants, EndpointRepository endpoints, AttemptLog log) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.log = log;
	}

	@GetMapping("/v2/webhooks/{id}/attempts")
	@Operation(operationId = "listWebhookAttempts", summary = "List delivery attempts to an endpoint, newest first")
	Page<AttemptLog.Attempt> attempts(@PathVariable String id,
			@RequestParam(name = "message_id", required = false) String messageId, PageRequest page) {
		Long after = page.afterNumber();
		long before = (after != null) ? after : Long.MAX_VALUE;
		return this.tenants.callForCurrentTenant((status) -> {
			if (this.endpoints.find(id).isEmpty()) {
				throw ProblemException.notFound("Webhook endpoint", id);
			}
			return page.page(this.log.page(id, messageId, before, page.limit()), AttemptLog.Attempt::id);
		});
	}

}
