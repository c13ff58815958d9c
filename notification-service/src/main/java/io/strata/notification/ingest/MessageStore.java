package io.strata.notification.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Messages (one per tenant event) and their pending deliveries. Runs inside the caller's
 * tenant-scoped transaction.
 */
@Repository
public class MessageStore {

	private final JdbcClient jdbc;

	public MessageStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a message; empty when the tenant already has one for this event (a
	 * redelivery), so nothing is scheduled twice.
	 */
	public Optional<String> record(String tenantId, String eventId, String eventType, Instant occurredAt, String body,
			boolean streamed, String traceparent) {
		String id = Ids.newId("msg");
		int inserted = this.jdbc
			.sql("""
					INSERT INTO webhook_message (id, tenant_id, event_id, event_type, occurred_at, body, streamed, traceparent)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, event_id) DO NOTHING""")
			.params(id, tenantId, eventId, eventType, Timestamp.from(occurredAt), body, streamed, traceparent)
			.update();
		return (inserted == 1) ? Optional.of(id) : Optional.empty();
	}

	/**
	 * Records a tenant's messages in one statement; returns the ids of those recorded, by
	 * event id. An event the tenant already has a message for (a redelivery) is left out,
	 * so nothing is scheduled twice.
	 */
	public Map<String, String> recordAll(String tenantId, List<NewMessage> messages) {
		if (messages.isEmpty()) {
			return Map.of();
		}
		Map<String, String> recorded = new HashMap<>();
		this.jdbc
			.sql("""
					INSERT INTO webhook_message (id, tenant_id, event_id, event_type, occurred_at, body, streamed, traceparent)
					SELECT m.id, ?, m.event_id, m.event_type, m.occurred_at, m.body, true, m.traceparent
					FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::text[])
					    AS m (id, event_id, event_type, occurred_at, body, traceparent)
					ON CONFLICT (tenant_id, event_id) DO NOTHING
					RETURNING id, event_id""")
			.params(tenantId, column(messages, NewMessage::id), column(messages, NewMessage::eventId),
					column(messages, NewMessage::eventType), column(messages, (m) -> m.occurredAt().toString()),
					column(messages, NewMessage::body), column(messages, NewMessage::traceparent))
			.query((rs) -> {
				recorded.put(rs.getString("event_id"), rs.getString("id"));
			});
		return recorded;
	}

	/**
	 * Pending deliveries, due now, of many messages of a tenant: one per pair of
	 * {@code messageIds[i]} and {@code endpointIds[i]}, in one statement.
	 */
	public int scheduleAll(String tenantId, List<String> messageIds, List<String> endpointIds) {
		if (messageIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO webhook_delivery (tenant_id, message_id, endpoint_id)
				SELECT ?, d.message_id, d.endpoint_id FROM unnest(?::text[], ?::text[]) AS d (message_id, endpoint_id)
				ON CONFLICT (message_id, endpoint_id) DO NOTHING""")
			.params(tenantId, messageIds.toArray(String[]::new), endpointIds.toArray(String[]::new))
			.update();
	}

	private static String[] column(List<NewMessage> messages, Function<NewMessage, String> value) {
		return messages.stream().map(value).toArray(String[]::new);
	}

	/** A message to record, with its id chosen beforehand. */
	public record NewMessage(String id, String eventId, String eventType, Instant occurredAt, String body,
			String traceparent) {

	}

	/** Pending deliveries, due now, of a message to each endpoint. */
	public int schedule(String tenantId, String messageId, List<String> endpointIds) {
		if (endpointIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO webhook_delivery (tenant_id, message_id, endpoint_id)
				SELECT ?, ?, unnest(?::text[]) ON CONFLICT (message_id, endpoint_id) DO NOTHING""")
			.params(tenantId, messageId, endpointIds.toArray(String[]::new))
			.update();
	}

}
