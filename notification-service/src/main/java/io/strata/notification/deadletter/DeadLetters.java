package io.strata.notification.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An endpoint's dead letters and the recoveries asked for them, in PostgreSQL. Every
 * method runs in the caller's tenant scope.
 */
@Component
class DeadLetters {

	private final JdbcClient jdbc;

	DeadLetters(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Schema(name = "WebhookDeadLetter", description = "A delivery that exhausted its attempts.")
	record DeadLetter(@Schema(example = "msg_01HZX5B7") String messageId,
			@Schema(example = "resource.created") String eventType, @Schema(example = "8") int attempts,
			@Nullable @Schema(example = "HTTP 503") String lastError,
			@Schema(example = "2024-05-02T12:00:00Z") Instant deadAt,
			@Schema(example = "2024-05-01T12:00:00Z") Instant occurredAt) {
	}

	@Schema(name = "WebhookRecovery", description = "A recovery of dead letters, running in the background.")
	record Recovery(@Schema(example = "rcv_01HZX6C3") String id, @Schema(example = "ep_01HZX4A1") String endpointId,
			@Schema(example = "2024-05-01T00:00:00Z") Instant since, @Schema(example = "pending", allowableValues = {
					"pending", "completed" }) String status,
			@Nullable @Schema(example = "12") Integer recovered,
			@Schema(example = "2024-05-02T12:00:00Z") Instant createdAt,
			@Nullable @Schema(example = "2024-05-02T12:00:03Z") Instant finishedAt){
	}

	/**
	 * Up to {@code limit} dead letters after the message id {@code after}, by message id.
	 */
	List<DeadLetter> page(String endpointId, @Nullable String after, int limit) {
		return this.jdbc.sql("""
				SELECT d.message_id, m.event_type, d.attempts, d.last_error, d.dead_at, m.occurred_at
				FROM webhook_delivery d JOIN webhook_message m ON m.id = d.message_id
				WHERE d.endpoint_id = ? AND d.status = 'dead' AND d.message_id > ?
				ORDER BY d.message_id LIMIT ?""")
			.params(endpointId, (after != null) ? after : "", limit)
			.query((rs, row) -> new DeadLetter(rs.getString("message_id"), rs.getString("event_type"),
					rs.getInt("attempts"), rs.getString("last_error"), rs.getTimestamp("dead_at").toInstant(),
					rs.getTimestamp("occurred_at").toInstant()))
			.list();
	}

	/**
	 * The dead letter is pending again, with its retry schedule afresh.
	 * @return whether there was such a dead letter
	 */
	boolean resend(String endpointId, String messageId) {
		return this.jdbc.sql("""
				UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
				WHERE endpoint_id = ? AND message_id = ? AND status = 'dead'""")
			.params(endpointId, messageId)
			.update() > 0;
	}

	/** A pending recovery of the endpoint's dead letters since a time. */
	Recovery recover(String tenantId, String endpointId, Instant since) {
		String recoveryId = Ids.newId("rcv");
		this.jdbc.sql("INSERT INTO webhook_recovery (id, tenant_id, endpoint_id, since) VALUES (?, ?, ?, ?)")
			.params(recoveryId, tenantId, endpointId, Timestamp.from(since))
			.update();
		return recovery(endpointId, recoveryId).orElseThrow();
	}

	Optional<Recovery> recovery(String endpointId, String recoveryId) {
		return this.jdbc.sql("""
				SELECT id, endpoint_id, since, status, recovered, created_at, finished_at
				FROM webhook_recovery WHERE id = ? AND endpoint_id = ?""")
			.params(recoveryId, endpointId)
			.query((rs, row) -> new Recovery(rs.getString("id"), rs.getString("endpoint_id"),
					rs.getTimestamp("since").toInstant(), rs.getString("status"),
					rs.getObject("recovered", Integer.class), rs.getTimestamp("created_at").toInstant(),
					(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null))
			.optional();
	}

}
