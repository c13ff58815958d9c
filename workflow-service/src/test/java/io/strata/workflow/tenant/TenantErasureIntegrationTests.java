package io.strata.workflow.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.proto.identity.v1.TenantDeleted;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import org.awaitility.Awaitility;

/**
 * {@code identity.tenant.deleted} on the real Kafka erases the tenant's types, resources,
 * runs and outbox rows in the real PostgreSQL, and nothing of another tenant; the same
 * deletion delivered again changes nothing.
 */
class TenantErasureIntegrationTests extends WorkflowIntegrationTest {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Autowired
	MeterRegistry meters;

	@Test
	void deletedTenantsDataIsErasedOnceAndForAllAndOnlyIts() {
		String doomed = newTenant();
		String kept = newTenant();
		for (String tenant : new String[] { doomed, kept }) {
			defineTicket(tenant, "ticket",
					"{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\", \"input\": {\"duration\": \"'1ms'\"}}]}");
			String id = createTicket(tenant, "ticket", "erase me?");
			awaitOperation(tenant, act(tenant, "approve", id, "{}"), "completed");
		}
		Map<String, Integer> before = rows(kept);
		assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());

		String deletion = deleted(doomed, UUID.randomUUID());
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isZero()));
		assertThat(rows(kept)).isEqualTo(before);

		// the same event again, then a fresh one: still nothing of the tenant, the other
		// intact
		deleted(doomed, UUID.fromString(deletion));
		deleted(doomed, UUID.randomUUID());
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> erasureRuns() >= 3);
		assertThat(rows(doomed)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
		assertThat(rows(kept)).isEqualTo(before);
	}

	private Map<String, Integer> rows(String tenant) {
		Map<String, Integer> rows = new LinkedHashMap<>();
		for (String table : new String[] { "resource_type", "resource", "workflow_run", "step_attempt" }) {
			rows.put(table, this.jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?",
					Integer.class, tenant));
		}
		return rows;
	}

	private double erasureRuns() {
		return this.meters.counter("strata.tenant.erasures").count();
	}

	private String deleted(String tenant, UUID eventId) {
		try {
			this.kafka
				.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.IDENTITY), tenant,
						CloudEventRecords.event(eventId,
								EventTypes.cloudEventType(EventCatalog.typeOf(TenantDeleted.class), 1),
								"strata/identity-service", tenant, tenant, Instant.now(),
								TenantDeleted.newBuilder().setTenantId(tenant).build().toByteArray())))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return eventId.toString();
	}

}
