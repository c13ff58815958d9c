package io.strata.notification.tenant;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Reply;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.proto.identity.v1.TenantDeleted;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code identity.tenant.deleted} on the real Kafka erases the tenant's endpoints,
 * messages, deliveries, dead letters and attempts in the real PostgreSQL, and nothing of
 * another tenant; the same deletion delivered again changes nothing.
 */
class TenantErasureIntegrationTests extends NotificationIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	MeterRegistry meters;

	@Test
	void deletedTenantsDataIsErasedAndOnlyIts() {
		String doomed = newTenant();
		String kept = newTenant();
		seed(doomed);
		seed(kept);
		Map<String, Integer> before = rows(kept);
		assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());

		UUID deletion = UUID.randomUUID();
		deleted(doomed, deletion);
		await().atMost(PATIENCE)
			.untilAsserted(
					() -> assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isZero()));
		assertThat(rows(kept)).isEqualTo(before);

		// the same event again, then a fresh one
		deleted(doomed, deletion);
		deleted(doomed, UUID.randomUUID());
		await().atMost(PATIENCE).until(() -> this.meters.counter("strata.tenant.erasures").count() >= 3);
		assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
		assertThat(rows(kept)).isEqualTo(before);
	}

	/**
	 * An endpoint that takes the tenant's event and one that refuses it to a dead letter.
	 */
	private void seed(String tenant) {
		String ok = newPath();
		String failing = newPath();
		registerOnReceiver(tenant, ok, List.of("resource.created"));
		registerOnReceiver(tenant, failing, List.of("resource.created"));
		receiver.reply(failing, (n) -> Reply.status(500));
		publishResourceCreated(tenant, "r-" + UUID.randomUUID());
		await().atMost(PATIENCE)
			.until(() -> count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'delivered'",
					tenant) == 1
					&& count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'dead'",
							tenant) == 1);
	}

	private Map<String, Integer> rows(String tenant) {
		Map<String, Integer> rows = new LinkedHashMap<>();
		for (String table : new String[] { "webhook_endpoint", "webhook_message", "webhook_delivery",
				"webhook_attempt" }) {
			rows.put(table, count("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", tenant));
		}
		return rows;
	}

	private int count(String sql, String argument) {
		return this.jdbc.queryForObject(sql, Integer.class, argument);
	}

	private void deleted(String tenant, UUID eventId) {
		publish(EventTopics.IDENTITY, eventId, EventTypes.cloudEventType(EventCatalog.typeOf(TenantDeleted.class), 1),
				tenant, tenant, TenantDeleted.newBuilder().setTenantId(tenant).build());
	}

}
