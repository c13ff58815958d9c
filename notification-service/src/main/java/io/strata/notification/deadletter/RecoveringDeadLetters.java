package io.strata.notification.deadletter;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.delivery.DeliveryWorker;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.work.Claim;
import io.strata.platform.work.ExponentialBackoff;
import io.strata.platform.work.Failure;
import io.strata.platform.work.WorkDispatcher;
import io.strata.platform.work.WorkQueue;
import io.strata.platform.work.WorkTable;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs requested recoveries in the background: every dead letter of the endpoint since
 * the given time goes back to pending with a fresh schedule. Durable: a recovery is a row
 * of the platform work queue, so an instance that dies before finishing leaves it to come
 * back after its lease; one that fails backs off and is parked after its last attempt.
 * Woken when a recovery is requested on this instance, polling otherwise.
 */
@Component
class RecoveringDeadLetters {

	private static final Logger log = LoggerFactory.getLogger(RecoveringDeadLetters.class);

	static final WorkTable RECOVERIES = WorkTable.of("webhook_recovery", "id", "text")
		.returning(null, null, "q.tenant_id, q.endpoint_id, q.since")
		.whenDone("completed", "finished_at");

	private final JdbcClient jdbc;

	private final TenantScope tenants;

	private final DeliveryWorker worker;

	private final WorkQueue<Pending> queue;

	private final WorkDispatcher dispatcher;

	RecoveringDeadLetters(JdbcClient jdbc, TenantScope tenants, DeliveryWorker worker, RecoveryProperties properties,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.worker = worker;
		this.queue = new WorkQueue<>("webhook-recoveries", jdbc, RECOVERIES, properties.queue(),
				new ExponentialBackoff(properties.initialBackoff(), properties.maxBackoff(), 2, 0.2,
						properties.maxAttempts()),
				(rs) -> new Pending(rs.getString("tenant_id"), rs.getString("endpoint_id"),
						rs.getTimestamp("since").toInstant()),
				meters);
		this.dispatcher = new WorkDispatcher("webhook-recovery", properties.queue(), this::runPending);
	}

	/** A recovery was requested: run it now instead of at the next poll. */
	void wakeUp() {
		this.dispatcher.wakeUp();
	}

	int runPending(int capacity) {
		List<Claim<Pending>> claims = this.queue.claim(capacity);
		this.dispatcher.started(claims.size());
		int recovered = 0;
		try {
			for (Claim<Pending> claim : claims) {
				recovered += recover(claim);
			}
		}
		finally {
			this.dispatcher.finished(claims.size());
		}
		if (recovered > 0) {
			this.worker.wakeUp();
		}
		return claims.size();
	}

	private int recover(Claim<Pending> claim) {
		Pending pending = claim.payload();
		try {
			return this.tenants.call(pending.tenantId(), (status) -> {
				int count = this.jdbc.sql("""
						UPDATE webhook_delivery SET status = 'pending', attempts = 0, next_attempt_at = now(),
						       dead_at = NULL
						WHERE endpoint_id = ? AND status = 'dead' AND created_at >= ?""")
					.params(pending.endpointId(), Timestamp.from(pending.since()))
					.update();
				this.jdbc.sql("UPDATE webhook_recovery SET recovered = ? WHERE id = ?")
					.params(count, claim.id())
					.update();
				this.queue.complete(List.of(claim));
				return count;
			});
		}
		catch (RuntimeException ex) {
			log.warn("Recovery {} failed; it backs off and is retried: {}", claim.id(), ex.toString());
			this.tenants.run(pending.tenantId(),
					(status) -> this.queue.fail(List.of(Failure.of(claim, ex.toString()))));
			return 0;
		}
	}

	/** Its claiming loop, which the context starts and stops. */
	@Bean
	WorkDispatcher webhookRecoveryDispatcher() {
		return this.dispatcher;
	}

	record Pending(String tenantId, String endpointId, Instant since) {
	}

}
