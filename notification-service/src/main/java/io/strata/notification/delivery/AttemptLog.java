package io.strata.notification.delivery;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the attempt log: an endpoint's attempts, newest first. */
@Component
class AttemptLog {

	private final JdbcClient jdbc;

	AttemptLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Schema(name = "WebhookAttempt", description = "One attempt to deliver a message to an endpoint.")
	record Attempt(@Schema(example = "1042") String id, @Schema(example = "msg_01HZX5B7") String messageId,
			@Schema(example = "1") int attempt, @Schema(example = "2024-05-01T12:00:00Z") Instant attemptedAt,
			@Schema(example = "true") boolean succeeded, @Nullable @Schema(example = "200") Integer statusCode,
			@Schema(example = "87") long latencyMs, @Nullable @Schema(example = "ok") String responseExcerpt,
			@Nullable String error) {
	}

	/**
	 * Up to {@code limit} attempts to the endpoint older than {@code before} (an attempt
	 * id), of one message if given; runs in the caller's tenant scope.
	 */
	List<Attempt> page(String endpointId, @Nullable String messageId, long before, int limit) {
		return this.jdbc.sql("""
				SELECT id, message_id, attempt, attempted_at, succeeded, status_code, latency_ms, response_excerpt,
				       error
				FROM webhook_attempt
				WHERE endpoint_id = ? AND (CAST(? AS text) IS NULL OR message_id = ?) AND id < ?
				ORDER BY id DESC LIMIT ?""")
			.params(endpointId, messageId, messageId, before, limit)
			.query((rs, row) -> new Attempt(rs.getString("id"), rs.getString("message_id"), rs.getInt("attempt"),
					rs.getTimestamp("attempted_at").toInstant(), rs.getBoolean("succeeded"),
					rs.getObject("status_code", Integer.class), rs.getLong("latency_ms"),
					rs.getString("response_excerpt"), rs.getString("error")))
			.list();
	}

}
