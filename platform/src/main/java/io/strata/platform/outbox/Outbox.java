package io.strata.platform.outbox;

import java.sql.Timestamp;
import java.util.Map;

import io.strata.platform.events.DomainEvent;
import io.strata.platform.events.EventTopics;
import io.strata.platform.observability.TraceIds;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

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

	public Outbox(JdbcTemplate jdbc, EventTopics topics, TraceIds traceIds, String source) {
		this.jdbc = jdbc;
		this.topics = topics;
		this.traceIds = traceIds;
		this.source = source;
	}

	/** Appends the event; must run inside the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(DomainEvent event) {
		Map<String, String> trace = this.traceIds.propagationHeaders();
		this.jdbc.update("""
				INSERT INTO strata_outbox (event_id, topic, event_key, shard, event_type, source, tenant_id,
				                           occurred_at, payload, traceparent, tracestate)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", event.id(), this.topics.name(event.topic()),
				event.aggregateId(), shardOf(event.aggregateId()), event.cloudEventType(), this.source,
				event.tenantId(), Timestamp.from(event.occurredAt()), event.payload().toByteArray(),
				trace.get("traceparent"), trace.get("tracestate"));
	}

	static int shardOf(String aggregateId) {
		return Math.floorMod(aggregateId.hashCode(), SHARDS);
	}

}
