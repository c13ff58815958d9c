package io.strata.notification.deadletter;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import io.strata.notification.delivery.DeliveryWorker;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.notification.support.Ids;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
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

	private final JdbcClient jdbc;

	private final DeliveryWorker worker;

	DeadLetterController(TenantScope tenants, EndpointRepository endpoints, JdbcClient jdbc, DeliveryWorker worker) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.jdbc = jdbc;
		this.worker = worker;
	}

	@GetMapping("/v2/webhooks/{id}/dead-letters")
	@Operation(operationId = "listWebhookDeadLetters",
			summary = "List an endpoint's dead letters (deliveries that exhausted their attempts)")
	Page<DeadLetter> list(@PathVariable String id, @RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		int size = Page.size(pageSize);
		String after = Page.after(pageToken);
		return this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			List<DeadLetter> rows = this.jdbc.sql("""
					SELECT d.message_id, m.event_type, d.attempts, d.last_error, d.dead_at, m.occurred_at
					FROM webhook_delivery d JOIN webhook_message m ON m.id = d.message_id
					WHERE d.endpoint_id = ? AND d.status = 'dead' AND d.message_id > ?
					ORDER BY d.message_id LIMIT ?""")
				.params(id, (after != null) ? after : "", size + 1)
				.query((rs, row) -> new DeadLetter(rs.getString("message_id"), rs.getString("event_type"),
						rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("dead_at").toInstant(),
						rs.getTimestamp("occurred_at").toInstant()))
				.list();
			return Page.of(rows, size, DeadLetter::messageId);
		});
	}

	@PostMapping("/v2/webhooks/{id}/dead-letters/{messageId}/resend")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "resendWebhookDeadLetter", summary = "Resend a dead letter (its retry schedule afresh)")
	ResponseEntity<Resend> resend(@PathVariable String id, @PathVariable String messageId) {
		this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			int updated = this.jdbc
				.sql("""
						UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
						WHERE endpoint_id = ? AND message_id = ? AND status = 'dead'""")
				.params(id, messageId)
				.update();
			if (updated == 0) {
				throw ProblemException.notFound("Dead letter", messageId);
			}
			return updated;
		});
		this.worker.wakeUp();
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Resend(messageId, "pending"));
	}

	@PostMapping("/v2/webhooks/{id}/recover")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "recoverWebhookDeadLetters",
			summary = "Resend every dead letter since a time, in the background")
	ResponseEntity<Recovery> recover(@PathVariable String id, @Valid @RequestBody RecoverRequest request) {
		Recovery recovery = this.tenants.callForCurrentTenant((status) -> {
			requireEndpoint(id);
			String recoveryId = Ids.next("rcv");
			this.jdbc.sql("INSERT INTO webhook_recovery (id, tenant_id, endpoint_id, since) VALUES (?, ?, ?, ?)")
				.params(recoveryId, TenantContext.requireTenant(), id, Timestamp.from(request.since()))
				.update();
			return find(id, recoveryId);
		});
		return ResponseEntity.accepted()
			.location(URI.create("/v2/webhooks/" + id + "/recoveries/" + recovery.id()))
			.body(recovery);
	}

	@GetMapping("/v2/webhooks/{id}/recoveries/{recoveryId}")
	@Operation(operationId = "getWebhookRecovery", summary = "Get a recovery of dead letters and its progress")
	Recovery recovery(@PathVariable String id, @PathVariable String recoveryId) {
		return this.tenants.callForCurrentTenant((status) -> find(id, recoveryId));
	}

	private Recovery find(String endpointId, String recoveryId) {
		return this.jdbc.sql("""
				SELECT id, endpoint_id, since, status, recovered, created_at, finished_at
				FROM webhook_recovery WHERE id = ? AND endpoint_id = ?""")
			.params(recoveryId, endpointId)
			.query((rs, row) -> new Recovery(rs.getString("id"), rs.getString("endpoint_id"),
					rs.getTimestamp("since").toInstant(), rs.getString("status"),
					rs.getObject("recovered", Integer.class), rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null))
			.optional()
			.orElseThrow(() -> ProblemException.notFound("Recovery", recoveryId));
	}

	private void requireEndpoint(String id) {
		if (this.endpoints.find(id).isEmpty()) {
			throw ProblemException.notFound("Webhook endpoint", id);
		}
	}

	@Schema(name = "WebhookRecoveryRequest", description = "Recover the dead letters of messages since a time.")
	record RecoverRequest(@NotNull @Schema(example = "2024-05-01T00:00:00Z") Instant since) {
	}

	@Schema(name = "WebhookDeadLetter", description = "A delivery that exhausted its attempts.")
	record DeadLetter(@Schema(example = "msg_01HZX5B7") String messageId,
			@Schema(example = "resource.created") String eventType, @Schema(example = "8") int attempts,
			@Nullable @Schema(example = "HTTP 503") String lastError,
			@Schema(example = "2024-05-02T12:00:00Z") Instant deadAt,
			@Schema(example = "2024-05-01T12:00:00Z") Instant occurredAt) {
	}

	@Schema(name = "WebhookResend", description = "The dead letter is pending delivery again.")
	record Resend(@Schema(example = "msg_01HZX5B7") String messageId, @Schema(example = "pending") String status) {
	}

	@Schema(name = "WebhookRecovery", description = "A recovery of dead letters, running in the background.")
	record Recovery(@Schema(example = "rcv_01HZX6C3") String id, @Schema(example = "ep_01HZX4A1") String endpointId,
			@Schema(example = "2024-05-01T00:00:00Z") Instant since, @Schema(example = "pending", allowableValues = {
					"pending", "completed" }) String status,
			@Nullable @Schema(example = "12") Integer recovered,
			@Schema(example = "2024-05-02T12:00:00Z") Instant createdAt,
			@Nullable @Schema(example = "2024-05-02T12:00:03Z") Instant finishedAt){
	}

}
