package io.strata.platform.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.work.QueueSettings;
import io.strata.platform.work.WorkDispatcher;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka and deletes them once Kafka acknowledged them,
 * a batch per transaction. The platform {@link WorkDispatcher} runs it: at once when a
 * transaction of this JVM appended events ({@link Outbox#onCommit}), again while batches
 * come back full, and otherwise every poll interval (events written by other instances).
 * Its rows are not a {@link io.strata.platform.work.WorkQueue} of leased items on
 * purpose: events of one aggregate must leave in commit order, so a replica takes whole
 * shards (a row lock held for the batch's transaction) rather than items, and a failed
 * batch is retried as it is instead of backing off item by item. Safe on several
 * replicas: each poll locks the shards it can ({@code FOR UPDATE SKIP LOCKED}) and
 * publishes only their rows, in commit order, so per-aggregate order holds and no two
 * replicas publish the same row. A crash between send and delete re-sends the batch:
 * delivery is at least once, and consumers de-duplicate by event id.
 */
public class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<String, byte[]> kafka;

	private final OutboxProperties properties;

	private final Counter published;

	private final Timer lag;

	private final WorkDispatcher dispatcher;

	/**
	 * @param kafka the application's template: the relay sends through its producer
	 * factory, without the template's observation and timer per record
	 */
	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, KafkaTemplate<String, byte[]> kafka,
			OutboxProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = unobserved(kafka);
		this.properties = properties;
		this.published = Counter.builder("strata.outbox.published")
			.description("Events the outbox relay published to Kafka")
			.register(meters);
		this.lag = Timer.builder("strata.outbox.lag")
			.description("Time from an event's commit to its acknowledgement by Kafka")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(meters);
		// the relay publishes synchronously: nothing stays in flight between claims
		this.dispatcher = new WorkDispatcher("outbox-relay",
				new QueueSettings(properties.sendTimeout(), properties.batchSize(), properties.batchSize(),
						properties.batchSize(), properties.pollInterval()),
				(capacity) -> drain())
			// stop before the Kafka producer and the data source go away
			.inPhase(SmartLifecycle.DEFAULT_PHASE - 100);
	}

	/** Events were committed in this JVM: publish now instead of at the next poll. */
	public void wakeUp() {
		this.dispatcher.wakeUp();
	}

	/** Publishes one batch; returns how many events it published. */
	public int publishBatch() {
		Integer count = this.transactions.execute((status) -> {
			List<Integer> shards = this.jdbc.queryForList(
					"SELECT shard FROM strata_outbox_shard ORDER BY shard FOR UPDATE SKIP LOCKED", Integer.class);
			if (shards.isEmpty()) {
				return 0;
			}
			List<OutboxRow> rows = this.jdbc.query("""
					SELECT position, event_id, topic, event_key, event_type, source, tenant_id, occurred_at,
					       payload, traceparent, tracestate
					FROM strata_outbox WHERE shard = ANY (?) ORDER BY position LIMIT ?""", (statement) -> {
				statement.setArray(1, statement.getConnection().createArrayOf("int4", shards.toArray()));
				statement.setInt(2, this.properties.batchSize());
			}, OutboxRelay::row);
			if (rows.isEmpty()) {
				return 0;
			}
			send(rows);
			Long[] positions = rows.stream().map(OutboxRow::position).toArray(Long[]::new);
			this.jdbc.update("DELETE FROM strata_outbox WHERE position = ANY (?)",
					(statement) -> statement.setArray(1, statement.getConnection().createArrayOf("int8", positions)));
			return rows.size();
		});
		return (count != null) ? count : 0;
	}

	/**
	 * A template on the same producer that neither observes nor times each send. An
	 * observed send starts and stops an observation per record (a span, a long-task
	 * timer, a timer): 36 % of the relay's samples while notification delivered webhooks
	 * at its benchmark's rate, one event per delivery. A record carries the trace that
	 * wrote its event ({@link OutboxRow#toRecord}), so consumers still continue that
	 * trace; {@code strata.outbox.published} and {@code strata.outbox.lag} measure the
	 * relay.
	 */
	private static KafkaTemplate<String, byte[]> unobserved(KafkaTemplate<String, byte[]> kafka) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(kafka.getProducerFactory());
		template.setObservationEnabled(false);
		template.setMicrometerEnabled(false);
		return template;
	}

	private void send(List<OutboxRow> rows) {
		List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
		for (OutboxRow row : rows) {
			acks.add(this.kafka.send(row.toRecord()));
		}
		try {
			CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
				.get(this.properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while publishing the outbox", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not acknowledge the outbox batch; it will be retried", ex);
		}
		Instant now = Instant.now();
		for (OutboxRow row : rows) {
			this.lag.record(Duration.between(row.occurredAt(), now));
		}
		this.published.increment(rows.size());
	}

	private int drain() {
		try {
			return publishBatch();
		}
		catch (RuntimeException ex) {
			log.warn("Outbox relay could not publish; retrying: {}", ex.getMessage());
			return 0;
		}
	}

	/** Its claiming loop, a lifecycle bean of the auto-configuration. */
	public WorkDispatcher dispatcher() {
		return this.dispatcher;
	}

	private static OutboxRow row(ResultSet rs, int rowNum) throws SQLException {
		return new OutboxRow(rs.getLong("position"), rs.getObject("event_id", UUID.class), rs.getString("topic"),
				rs.getString("event_key"), rs.getString("event_type"), rs.getString("source"),
				rs.getString("tenant_id"), rs.getTimestamp("occurred_at").toInstant(), rs.getBytes("payload"),
				rs.getString("traceparent"), rs.getString("tracestate"));
	}

	record OutboxRow(long position, UUID eventId, String topic, String key, String type, String source, String tenantId,
			Instant occurredAt, byte[] payload, String traceparent, String tracestate) {

		ProducerRecord<String, byte[]> toRecord() {
			CloudEvent event = CloudEventRecords.event(this.eventId, this.type, this.source, this.key, this.tenantId,
					this.occurredAt, this.payload);
			ProducerRecord<String, byte[]> record = CloudEventRecords.toRecord(this.topic, this.key, event);
			if (this.traceparent != null) {
				record.headers().add("traceparent", this.traceparent.getBytes(StandardCharsets.UTF_8));
			}
			if (this.tracestate != null) {
				record.headers().add("tracestate", this.tracestate.getBytes(StandardCharsets.UTF_8));
			}
			return record;
		}

	}

}
