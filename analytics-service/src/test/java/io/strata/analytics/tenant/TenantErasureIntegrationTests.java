package io.strata.analytics.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.TenantDeleted;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code identity.tenant.deleted} on the real Kafka erases the tenant's resources and
 * event history in the real Elasticsearch, the deletion event included, and nothing of
 * another tenant; the same deletion delivered again changes nothing.
 */
class TenantErasureIntegrationTests extends AnalyticsIntegrationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	@Autowired
	Elastic elastic;

	@Autowired
	IndexNames names;

	@Autowired
	MeterRegistry meters;

	@Test
	void deletedTenantsDocumentsAreErasedAndOnlyIts() {
		String doomed = newTenant();
		String kept = newTenant();
		for (String tenant : new String[] { doomed, kept }) {
			created(resource(tenant, "r1", 1, "open", Map.of("title", "a")));
			created(resource(tenant, "r2", 1, "open", Map.of("title", "b")));
		}
		// a new partition answers 503 until its shard is up
		await().atMost(patience())
			.ignoreExceptionsInstanceOf(Elastic.ElasticException.class)
			.until(() -> documents(doomed).equals(Map.of("resources", 2L, "events", 2L))
					&& documents(kept).equals(Map.of("resources", 2L, "events", 2L)));

		UUID deletion = UUID.randomUUID();
		deleted(doomed, deletion);
		await().atMost(patience()).until(() -> documents(doomed).equals(Map.of("resources", 0L, "events", 0L)));
		assertThat(documents(kept)).isEqualTo(Map.of("resources", 2L, "events", 2L));

		// the same event again, then a fresh one
		deleted(doomed, deletion);
		deleted(doomed, UUID.randomUUID());
		await().atMost(patience()).until(() -> this.meters.counter("strata.tenant.erasures").count() >= 3);
		assertThat(documents(doomed)).isEqualTo(Map.of("resources", 0L, "events", 0L));
		assertThat(documents(kept)).isEqualTo(Map.of("resources", 2L, "events", 2L));
	}

	/**
	 * A rebuild replays resource.events from the beginning, the deleted tenant's events
	 * included; they stay erased, and so does a resource event delivered after the
	 * deletion.
	 */
	@Test
	void erasedTenantStaysErasedThroughARebuildAndLateEvents() {
		String doomed = newTenant();
		String kept = newTenant();
		for (String tenant : new String[] { doomed, kept }) {
			created(resource(tenant, "r1", 1, "open", Map.of("title", "a")));
		}
		await().atMost(patience())
			.ignoreExceptionsInstanceOf(Elastic.ElasticException.class)
			.until(() -> count(this.names.resourcesAlias(), doomed) == 1
					&& count(this.names.resourcesAlias(), kept) == 1);
		deleted(doomed, UUID.randomUUID());
		await().atMost(patience()).until(() -> count(this.names.resourcesAlias(), doomed) == 0);

		created(resource(doomed, "late", 1, "open", Map.of("title", "late")));
		RestTestClient admin = this.client.mutate()
			.defaultHeader("Authorization", "Bearer " + tokens.token(newTenant(), "analytics.admin"))
			.build();
		String rebuild = (String) admin.post()
			.uri("/v2/analytics/admin/rebuild")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody()
			.get("id");
		await().atMost(patience())
			.until(() -> "succeeded".equals(admin.get()
				.uri("/v2/analytics/admin/rebuild/{id}", rebuild)
				.exchange()
				.expectBody(MAP)
				.returnResult()
				.getResponseBody()
				.get("state")));

		assertThat(count(this.names.resourcesAlias(), doomed)).isZero();
		assertThat(count(this.names.resourcesAlias(), kept)).isEqualTo(1);
	}

	private Map<String, Long> documents(String tenant) {
		return Map.of("resources", count(this.names.resourcesAlias(), tenant), "events",
				count(this.names.eventsPattern(), tenant));
	}

	private long count(String indices, String tenant) {
		return this.elastic
			.send("POST", "/" + indices + "/_count", Map.of("query", Map.of("term", Map.of("tenant_id", tenant))),
					Map.of("ignore_unavailable", "true", "allow_no_indices", "true"))
			.path("count")
			.asLong();
	}

	private void deleted(String tenant, UUID eventId) {
		publish(eventId, EventTopics.IDENTITY, EventCatalog.typeOf(TenantDeleted.class), tenant, tenant,
				TenantDeleted.newBuilder().setTenantId(tenant).build(), Instant.now());
	}

}
