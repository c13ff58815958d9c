package io.strata.notification.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.strata.notification.support.Ids;

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
		String id = Ids.next("msg");
		int inserted = this.jdbc
			.sql("""
					INSERT INTO webhook_message (id, tenant_id, event_id, event_type, occurred_at, body, streamed, traceparent)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, event_id) DO NOTHING""")
			.params(id, tenantId, eventId, eventType, Timestamp.from(occurredAt), body, streamed, traceparent)
			.update();
		return (inserted == 1) ? Optional.of(id) : Optional.empty();
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
