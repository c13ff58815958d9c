package io.strata.notification.deadletter;

import java.net.URI;
import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.strata.notification.delivery.DeliveryWorker;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters (deliveries that exhausted their attempts) of an endpoint: list them,
 * resend one, or recover all since a time in the background (202 and a status to poll). A
 * resent or recovered delivery starts the retry schedule afresh and keeps its
 * {@code webhook-id}, so receivers still de-duplicate.
 */
@RestController
@Tag(name = "webhooks")
class DeadLetterController {

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final DeadLetters deadLetters;

	private final DeliveryWorker worker;

	private final RecoveringDeadLetters recoveries;

	DeadLetterController(TenantScope tenants, EndpointRepository endpoints, DeadLetters deadLetters,
			DeliveryWorker worker, RecoveringDeadLetters recoveries) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.deadLetters = deadLetters;
		this.worker = worker;
		this.recoveries = recoveries;
	}

	@GetMapping("/v2/webhooks/{id}/dead-letters")
	@Operation(operationId = "listWebhookDeadLetters",
			summary = "List an endpoint's dead letters (deliveries that exhausted their attempts)")
	Page<DeadLetters.DeadLetter> list(@PathVariable String id, PageRequest page) {
		return this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			return page.page(this.deadLetters.page(id, page.after(), page.limit()), DeadLetters.DeadLetter::messageId);
		});
	}

	@PostMapping("/v2/webhooks/{id}/dead-letters/{messageId}/resend")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "resendWebhookDeadLetter", summary = "Resend a dead letter (its retry schedule afresh)")
	ResponseEntity<Resend> resend(@PathVariable String id, @PathVariable String messageId) {
		this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			if (!this.deadLetters.resend(id, messageId)) {
				throw ProblemException.notFound("Dead letter", messageId);
			}
			return null;
		});
		this.worker.wakeUp();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Resend(messageId, "pending"));
	}

	@PostMapping("/v2/webhooks/{id}/recover")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "recoverWebhookDeadLetters",
			summary = "Resend every dead letter since a time, in the background")
	ResponseEntity<DeadLetters.Recovery> recover(@PathVariable String id, @Valid @RequestBody RecoverRequest request) {
		DeadLetters.Recovery recovery = this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			return this.deadLetters.recover(TenantContext.requireTenant(), id, request.since());
		});
		this.recoveries.wakeUp();
		return ResponseEntity.accepted()
			.location(URI.create("/v2/webhooks/" + id + "/recoveries/" + recovery.id()))
			.body(recovery);
	}

	@GetMapping("/v2/webhooks/{id}/recoveries/{recoveryId}")
	@Operation(operationId = "getWebhookRecovery", summary = "Get a recovery of dead letters and its progress")
	DeadLetters.Recovery recovery(@PathVariable String id, @PathVariable String recoveryId) {
		return this.tenants.callForCurrentTenant((status) -> this.deadLetters.recovery(id, recoveryId)
			.orElseThrow(() -> ProblemException.notFound("Recovery", recoveryId)));
	}

	private void requireEndpoint(String id) {
		if (this.endpoints.find(id).isEmpty()) {
			throw ProblemException.notFound("Webhook endpoint", id);
		}
	}

	@Schema(name = "WebhookRecoveryRequest", description = "Recover the dead letters of messages since a time.")
	record RecoverRequest(@NotNull @Schema(example = "2024-05-01T00:00:00Z") Instant since) {
	}

	@Schema(name = "WebhookResend", description = "The dead letter is pending delivery again.")
	record Resend(@Schema(example = "msg_01HZX5B7") String messageId, @Schema(example = "pending") String status) {
	}

}
