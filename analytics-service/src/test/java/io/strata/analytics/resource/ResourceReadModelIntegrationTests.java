package io.strata.analytics.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read model holds each resource's latest state whatever Kafka delivers: duplicates,
 * older versions after newer ones, deletes before late updates.
 */
class ResourceReadModelIntegrationTests extends AnalyticsIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	Elastic elastic;

	@Autowired
	ResourceIndex index;

	@Test
	void aWriteIsSearchableAfterTheConfiguredRefreshIntervalNotElasticsearchsSecond() {
		JsonNode settings = this.elastic.get("/" + this.index.alias() + "/_settings");
		assertThat(settings.elements().next().path("settings").path("index").path("refresh_interval").asText())
			.isEqualTo("250ms");
	}

	@Test
	void theLagFromAnEventsCommitToTheIndexIsMeasured() {
		Timer lag = this.meters.get("strata.search.index.lag").timer();
		long countBefore = lag.count();
		double secondsBefore = lag.totalTime(TimeUnit.SECONDS);
		String tenant = newTenant();
		Resource late = resource(tenant, "late", 1, "open", Map.of());
		publish(EventTopics.RESOURCE, "resource.created", tenant, "late",
				ResourceCreated.newBuilder().setResource(late).build(), Instant.now().minusSeconds(30));
		await().atMost(patience()).untilAsserted(() -> assertThat(item(tenant, "late")).isNotNull());
		await().atMost(patience()).untilAsserted(() -> assertThat(lag.count()).isGreaterThan(countBefore));
		// committed 30 s ago: the lag says so (other tests' events add their own)
		assertThat(lag.totalTime(TimeUnit.SECONDS) - secondsBefore).isGreaterThanOrEqualTo(30);
	}

	@Test
	void duplicatesAndOlderEventsNeverOverwriteNewerState() {
		String tenant = newTenant();
		updated(resource(tenant, "x", 3, "closed", Map.of("priority", 3)));
		created(resource(tenant, "x", 1, "open", Map.of("priority", 1)));
		updated(resource(tenant, "x", 2, "open", Map.of("priority", 2)));
		updated(resource(tenant, "x", 3, "closed", Map.of("priority", 3)));
		// a marker published last: once it is visible, everything before it was applied
		created(resource(tenant, "marker", 1, "open", Map.of()));
		await().atMost(patience()).untilAsserted(() -> assertThat(item(tenant, "marker")).isNotNull());
		Map<String, Object> x = item(tenant, "x");
		assertThat(x).containsEntry("version", 3).containsEntry("state", "closed");
		assertThat(x.get("attributes")).isEqualTo(Map.of("priority", 3.0));
	}

	@Test
	void deletesRemoveTheDocumentAndLateOlderEventsDoNotBringItBack() {
		String tenant = newTenant();
		created(resource(tenant, "d", 1, "open", Map.of()));
		created(resource(tenant, "kept", 1, "open", Map.of()));
		await().atMost(patience()).untilAsserted(() -> assertThat(item(tenant, "d")).isNotNull());
		deleted(tenant, "d", 2);
		updated(resource(tenant, "d", 1, "open", Map.of("late", true)));
		// deleted before it was ever seen: the tombstone wins over the late create
		deleted(tenant, "ghost", 5);
		created(resource(tenant, "ghost", 4, "open", Map.of()));
		created(resource(tenant, "marker", 1, "open", Map.of()));
		await().atMost(patience()).untilAsserted(() -> assertThat(item(tenant, "marker")).isNotNull());
		await().during(Duration.ofMillis(1500)).atMost(patience()).untilAsserted(() -> {
			assertThat(item(tenant, "d")).isNull();
			assertThat(item(tenant, "ghost")).isNull();
			assertThat(item(tenant, "kept")).isNotNull();
		});
	}

	@Test
	void oddAttributesOfOneTenantDoNotBreakIndexingForOthers() {
		String odd = newTenant();
		String normal = newTenant();
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (int i = 0; i < 2000; i++) {
			attributes.put("field_" + i, (i % 2 == 0) ? i : "value " + i);
		}
		attributes.put("deep", Map.of("a", Map.of("b", Map.of("c", List.of(1, "two", true)))));
		attributes.put("priority", "not a number here");
		created(resource(odd, "wide", 1, "open", attributes));
		created(resource(normal, "n", 1, "open", Map.of("priority", 5)));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(item(odd, "wide")).isNotNull();
			assertThat(item(normal, "n")).isNotNull();
		});
		assertThat(ids(normal, "attributes.priority >= 5")).containsExactly("n");
		assertThat(ids(odd, "attributes.deep.a.b.c = two")).containsExactly("wide");
		assertThat(ids(odd, "attributes.field_10 = 10")).containsExactly("wide");
		// past the per-resource cap (256 leaves, in key order) attributes are stored, not
		// indexed
		assertThat(ids(odd, "attributes.field_998 = 998")).isEmpty();
		@SuppressWarnings("unchecked")
		Map<String, Object> stored = (Map<String, Object>) item(odd, "wide").get("attributes");
		assertThat(stored).hasSize(2002);
	}

	private List<String> ids(String tenant, String filter) {
		return items(tenant, filter).stream().map((item) -> (String) item.get("id")).toList();
	}

	private Map<String, Object> item(String tenant, String id) {
		List<Map<String, Object>> items = items(tenant, "id = \"" + id + "\"");
		return items.isEmpty() ? null : items.get(0);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> items(String tenant, String filter) {
		Map<String, Object> page = get(tenant, "/v2/resources?filter={f}", filter).expectStatus()
			.isOk()
			.expectBody(LinkedHashMap.class)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) page.get("items");
	}

}
