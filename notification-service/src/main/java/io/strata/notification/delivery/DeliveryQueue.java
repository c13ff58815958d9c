package io.strata.notification.delivery;

import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import io.strata.platform.work.Claim;
import io.strata.platform.work.QueueSettings;
import io.strata.platform.work.WorkQueue;
import io.strata.platform.work.WorkTable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The deliveries as a platform {@link WorkQueue}: {@code webhook_delivery} rows, fair by
 * endpoint, only for enabled endpoints, claimed with the message and the endpoint's URL,
 * rate limit and encrypted signing secrets in the same statement. Claims run as the
 * service's own role, not in a tenant scope: the workers serve every tenant; outcomes are
 * written in the tenant's scope ({@link DeliveryOutcomes}).
 */
@Component
class DeliveryQueue {

	static final WorkTable DELIVERIES = WorkTable.of("webhook_delivery", "id", "bigint")
		.fairBy("endpoint_id")
		.eligibleWhen(
				"EXISTS (SELECT 1 FROM webhook_endpoint ee WHERE ee.id = q.endpoint_id AND ee.status = 'enabled')")
		.returning("webhook_message m, webhook_endpoint e", "m.id = q.message_id AND e.id = q.endpoint_id", """
				q.tenant_id, q.message_id, e.url, e.rate_limit_per_second, m.event_type, m.body, m.occurred_at,
				m.traceparent, e.secret, CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret END
				AS previous_secret""")
		.whenDone("delivered", "delivered_at")
		.whenParked("dead_at");

	private final WorkQueue<ClaimedDelivery> queue;

	DeliveryQueue(JdbcClient jdbc, DeliveryProperties properties, MeterRegistry meters) {
		this.queue = new WorkQueue<>("webhook-deliveries", jdbc, DELIVERIES, properties.queue(),
				new RetrySchedule(properties),
				(rs) -> new ClaimedDelivery(rs.getLong("work_id"), rs.getString("tenant_id"),
						rs.getString("message_id"), rs.getString("work_key"), rs.getInt("work_attempts"),
						rs.getString("url"), rs.getObject("rate_limit_per_second", Integer.class),
						rs.getString("event_type"), rs.getString("body"), rs.getTimestamp("occurred_at").toInstant(),
						rs.getString("traceparent"), rs.getBytes("secret"), rs.getBytes("previous_secret")),
				meters);
	}

	WorkQueue<ClaimedDelivery> queue() {
		return this.queue;
	}

	QueueSettings settings() {
		return this.queue.settings();
	}

	List<Claim<ClaimedDelivery>> claim(int limit, Map<String, Integer> inFlight) {
		return this.queue.claim(limit, inFlight);
	}

}
