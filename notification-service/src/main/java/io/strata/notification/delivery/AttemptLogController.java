package io.strata.notification.delivery;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
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

	private final JdbcClient jdbc;

	AttemptLogController(TenantScope tenants, EndpointRepository endpoints, JdbcClient jdbc) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.jdbc = jdbc;
	}

	@GetMapping("/v2/webhooks/{id}/attempts")
	@Operation(operationId = "listWebhookAttempts", summary = "List delivery attempts to an endpoint, newest first")
	Page<AttemptView> attempts(@PathVariable String id,
			@RequestParam(name = "message_id", required = false) String messageId,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		int size = Page.size(pageSize);
		String after = Page.after(pageToken);
		long before;
		try {
			before = (after != null) ? Long.parseLong(after) : Long.MAX_VALUE;
		}
		catch (NumberFormatException ex) {
			before = Long.MAX_VALUE;
		}
		long cursor = before;
		return this.tenants.callForCurrentTenant((status) -> {
			if (this.endpoints.find(id).isEmpty()) {
				throw ProblemException.notFound("Webhook endpoint", id);
			}
			var rows = this.jdbc.sql("""
					SELECT id, message_id, attempt, attempted_at, succeeded, status_code, latency_ms, response_excerpt,
					       error
					FROM webhook_attempt
					WHERE endpoint_id = ? AND (CAST(? AS text) IS NULL OR message_id = ?) AND id < ?
					ORDER BY id DESC LIMIT ?""")
				.params(id, messageId, messageId, cursor, size + 1)
				.query((rs, row) -> new AttemptView(rs.getString("id"), rs.getString("message_id"),
						rs.getInt("attempt"), rs.getTimestamp("attempted_at").toInstant(), rs.getBoolean("succeeded"),
						rs.getObject("status_code", Integer.class), rs.getLong("latency_ms"),
						rs.getString("response_excerpt"), rs.getString("error")))
				.list();
			return Page.of(rows, size, AttemptView::id);
		});
	}

	@Schema(name = "WebhookAttempt", description = "One attempt to deliver a message to an endpoint.")
	record AttemptView(@Schema(example = "1042") String id, @Schema(example = "msg_01HZX5B7") String messageId,
			@Schema(example = "1") int attempt, @Schema(example = "2024-05-01T12:00:00Z") Instant attemptedAt,
			@Schema(example = "true") boolean succeeded, @Nullable @Schema(example = "200") Integer statusCode,
			@Schema(example = "87") long latencyMs, @Nullable @Schema(example = "ok") String responseExcerpt,
			@Nullable String error) {
	}

}
