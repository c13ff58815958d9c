package io.strata.notification.delivery;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Claims due deliveries for this instance. Runs as the service's own role, not in a
 * tenant scope: the workers serve every tenant.
 */
@Repository
class DeliveryClaims {

	private final JdbcClient jdbc;

	DeliveryClaims(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Locks up to {@code limit} due deliveries of enabled endpoints ({@code FOR UPDATE
	 * SKIP LOCKED}, so concurrent workers never take the same row) and leases them by
	 * moving their due time {@code leaseMillis} ahead: if this instance dies, they become
	 * due again. At most {@code perEndpoint} minus what an endpoint already has in flight
	 * here are taken per endpoint, so a slow endpoint's backlog never crowds out the
	 * others.
	 */
	List<ClaimedDelivery> claim(Map<String, Integer> inFlight, int perEndpoint, int limit, long leaseMillis) {
		String[] busyIds = inFlight.keySet().toArray(String[]::new);
		Integer[] busyCounts = inFlight.values().toArray(Integer[]::new);
		return this.jdbc.sql("""
				WITH busy AS (
				    SELECT * FROM unnest(?::text[], ?::int[]) AS b (endpoint_id, in_flight)
				), due AS (
				    SELECT DISTINCT endpoint_id FROM webhook_delivery
				    WHERE status = 'pending' AND next_attempt_at <= now()
				), picked AS (
				    SELECT x.id
				    FROM due
				    JOIN webhook_endpoint e ON e.id = due.endpoint_id AND e.status = 'enabled'
				    LEFT JOIN busy b ON b.endpoint_id = due.endpoint_id
				    CROSS JOIN LATERAL (
				        SELECT w.id FROM webhook_delivery w
				        WHERE w.endpoint_id = due.endpoint_id AND w.status = 'pending' AND w.next_attempt_at <= now()
				        ORDER BY w.next_attempt_at, w.id
				        LIMIT greatest(0, ? - coalesce(b.in_flight, 0))
				        FOR UPDATE OF w SKIP LOCKED
				    ) x
				    LIMIT ?
				)
				UPDATE webhook_delivery d
				SET next_attempt_at = now() + (? * interval '1 millisecond')
				FROM picked, webhook_message m, webhook_endpoint e
				WHERE d.id = picked.id AND m.id = d.message_id AND e.id = d.endpoint_id
				RETURNING d.id, d.tenant_id, d.message_id, d.endpoint_id, d.attempts, e.url, e.rate_limit_per_second,
				          m.event_type, m.body, m.occurred_at, m.traceparent""")
			.params(busyIds, busyCounts, perEndpoint, limit, leaseMillis)
			.query((rs, row) -> new ClaimedDelivery(rs.getLong("id"), rs.getString("tenant_id"),
					rs.getString("message_id"), rs.getString("endpoint_id"), rs.getInt("attempts"), rs.getString("url"),
					rs.getObject("rate_limit_per_second", Integer.class), rs.getString("event_type"),
					rs.getString("body"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("traceparent")))
			.list();
	}

	/** Releases a claim unattempted, e.g. when the instance shuts down. */
	void release(long deliveryId, int attempts) {
		this.jdbc.sql("UPDATE webhook_delivery SET next_attempt_at = now() WHERE id = ? AND attempts = ?")
			.params(deliveryId, attempts)
			.update();
	}

}
