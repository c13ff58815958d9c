package io.strata.platform.outbox;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.strata.platform.events.DomainEvent;
import io.strata.platform.events.EventTopics;
import io.strata.platform.observability.TraceIds;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an event in the same database transaction as the state change that caused it;
 * the {@link OutboxRelay} publishes it afterwards. There is no dual write: either both
 * the change and its event are committed, or neither.
 */
public class Outbox {

	static final int SHARDS = 16;

	private final JdbcTemplate jdbc;

	private final EventTopics topics;

	private final TraceIds traceIds;

	private final String source;

	private final List<Runnable> committed = new CopyOnWriteArrayList<>();

	public Outbox(JdbcTemplate jdbc, EventTopics topics, TraceIds traceIds, String source) {
		this.jdbc = jdbc;
		this.topics = topics;
		this.traceIds = traceIds;
		this.source = source;
	}

	/**
	 * Runs {@code listener} after each transaction that appended events commits (the
	 * relay of this instance publishes them then, not at its next poll).
	 */
	public void onCommit(Runnable listener) {
		this.committed.add(listener);
	}

	/** Appends the event; must run inside the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(DomainEvent event) {
		appendAll(List.of(event));
	}

	/**
	 * Appends the events in one round trip (a JDBC batch); must run inside the caller's
	 * transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void appendAll(List<DomainEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		Map<String, String> trace = this.traceIds.propagationHeaders();
		this.jdbc.batchUpdate("""
				INSERT INTO strata_outbox (event_id, topic, event_key, shard, event_type, source, tenant_id,
				                           occurred_at, payload, traceparent, tracestate)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				events.stream()
					.map((event) -> new Object[] { event.id(), this.topics.name(event.topic()), event.aggregateId(),
							shardOf(event.aggregateId()), event.cloudEventType(), this.source, event.tenantId(),
							Timestamp.from(event.occurredAt()), event.payload().toByteArray(), trace.get("traceparent"),
							trace.get("tracestate") })
					.toList());
		notifyAfterCommit();
	}

	private void notifyAfterCommit() {
		if (this.committed.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()
				|| TransactionSynchronizationManager.hasResource(this)) {
			return;
		}
		// once per transaction, however many events it appends
		TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(Outbox.this);
				if (status == STATUS_COMMITTED) {
					Outbox.this.committed.forEach(Runnable::run);
				}
			}
		});
	}

	static int shardOf(String aggregateId) {
		return Math.floorMod(aggregateId.hashCode(), SHARDS);
	}

}
