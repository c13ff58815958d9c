package io.strata.notification.deadletter;

import java.sql.Timestamp;
import java.time.Instant;

import io.strata.notification.delivery.DeliveryWorker;
import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs requested recoveries in the background: every dead letter of the endpoint since
 * the given time goes back to pending with a fresh schedule. Durable: a recovery is a
 * row, claimed with {@code FOR UPDATE SKIP LOCKED}, so an instance that dies before
 * finishing leaves it pending for the next.
 */
@Component
class RecoveringDeadLetters {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final TenantScope tenants;

	private final DeliveryWorker worker;

	RecoveringDeadLetters(JdbcClient jdbc, TransactionTemplate transactions, TenantScope tenants,
			DeliveryWorker worker) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.tenants = tenants;
		this.worker = worker;
	}

	@Scheduled(fixedDelayString = "${strata.notification.recovery.poll-millis:500}")
	void runPending() {
		Integer recovered;
		do {
			recovered = this.transactions.execute((status) -> this.jdbc.sql("""
					SELECT id, tenant_id, endpoint_id, since FROM webhook_recovery
					WHERE status = 'pending' ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
				.query((rs, row) -> new Pending(rs.getString("id"), rs.getString("tenant_id"),
						rs.getString("endpoint_id"), rs.getTimestamp("since").toInstant()))
				.optional()
				.map(this::recover)
				.orElse(null));
			if (recovered != null && recovered > 0) {
				this.worker.wakeUp();
			}
		}
		while (recovered != null);
	}

	private int recover(Pending pending) {
		return this.tenants.call(pending.tenantId(), (status) -> {
			int count = this.jdbc
				.sql("""
						UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(), dead_at = NULL
						WHERE endpoint_id = ? AND status = 'dead' AND created_at >= ?""")
				.params(pending.endpointId(), Timestamp.from(pending.since()))
				.update();
			this.jdbc.sql(
					"UPDATE webhook_recovery SET status = 'completed', recovered = ?, finished_at = now() WHERE id = ?")
				.params(count, pending.id())
				.update();
			return count;
		});
	}

	record Pending(String id, String tenantId, String endpointId, Instant since) {
	}

}
