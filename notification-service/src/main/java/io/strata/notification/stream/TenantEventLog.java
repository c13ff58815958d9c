package io.strata.notification.stream;

import java.util.List;

import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's recorded events in commit order, as every live feed reads them: the SSE
 * stream and the gRPC {@code NotificationService/StreamEvents} behind GraphQL
 * subscriptions. Reads run under the tenant's row-level security.
 */
@Component
public class TenantEventLog {

	private final TenantScope tenants;

	private final JdbcClient jdbc;

	private final StreamProperties properties;

	TenantEventLog(TenantScope tenants, JdbcClient jdbc, StreamProperties properties) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** The position of the tenant's last event: a feed starting now starts after it. */
	public StreamCursor latest(String tenant) {
		return this.tenants.call(tenant,
				(status) -> this.jdbc.sql("""
						SELECT txid::text::bigint AS txid, seq FROM webhook_message WHERE streamed
						ORDER BY txid DESC, seq DESC LIMIT 1""")
					.query((rs, row) -> new StreamCursor(rs.getLong("txid"), rs.getLong("seq")))
					.optional()
					.orElse(StreamCursor.START));
	}

	/**
	 * Events after the cursor whose transactions are older than every transaction still
	 * running: later commits always sort after them, so none is ever skipped.
	 */
	public List<Event> after(String tenant, StreamCursor after) {
		return this.tenants.call(tenant,
				(status) -> this.jdbc.sql("""
						SELECT txid::text::bigint AS txid, seq, event_type, body FROM webhook_message
						WHERE streamed AND (txid, seq) > (CAST(CAST(? AS text) AS xid8), ?)
						  AND txid < pg_snapshot_xmin(pg_current_snapshot())
						ORDER BY txid, seq LIMIT ?""")
					.params(after.txid(), after.seq(), this.properties.batchSize())
					.query((rs, row) -> new Event(new StreamCursor(rs.getLong("txid"), rs.getLong("seq")),
							rs.getString("event_type"), rs.getString("body")))
					.list());
	}

	/**
	 * A recorded event.
	 *
	 * @param cursor its position
	 * @param type the short event type
	 * @param body the webhook body
	 */
	public record Event(StreamCursor cursor, String type, String body) {
	}

}
