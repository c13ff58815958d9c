package io.strata.analytics.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.resource.ResourceIndex;
import io.strata.analytics.search.Elastic;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild replays resource.events into a new generation and switches the alias: a
 * corrupted or emptied read model comes back to the state the events say, events
 * published during the rebuild are not lost, and only admins may run it.
 */
class RebuildIntegrationTests extends AnalyticsIntegrationTest {

	@Autowired
	ResourceIndex index;

	@Autowired
	Elastic elastic;

	@Test
	void rebuildRestoresTheStateTheEventsSay() {
		String tenant = newTenant();
		created(resource(tenant, "a", 1, "open", Map.of("priority", 1)));
		created(resource(tenant, "b", 1, "open", Map.of()));
		updated(resource(tenant, "b", 2, "closed", Map.of()));
		created(resource(tenant, "c", 1, "open", Map.of()));
		created(resource(tenant, "gone", 1, "open", Map.of()));
		deleted(tenant, "gone", 2);
		await().atMost(patience())
			.untilAsserted(() -> assertThat(ids(tenant, "")).containsExactlyInAnyOrder("a", "b", "c"));
		List<String> before = this.index.current();

		// corrupt the generation behind the alias: a wrong state under a higher version,
		// a document lost without an event
		String generation = before.get(0);
		Map<String, Object> corrupted = new LinkedHashMap<>(item(tenant, "b"));
		corrupted.put("state", "corrupted");
		corrupted.put("version", 99);
		this.elastic.send("PUT", "/" + generation + "/_doc/" + tenant + ":b", corrupted,
				Map.of("version", "99", "version_type", "external", "refresh", "true"));
		this.elastic.send("DELETE", "/" + generation + "/_doc/" + tenant + ":c", null, Map.of("refresh", "true"));
		assertThat(ids(tenant, "")).containsExactlyInAnyOrder("a", "b");
		assertThat(item(tenant, "b")).containsEntry("state", "corrupted");

		Map<String, Object> operation = admin().post()
			.uri("/v2/analytics/admin/rebuild")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.exists("Location")
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		String id = (String) operation.get("id");
		assertThat(operation).containsEntry("state", "running");
		// published while the rebuild runs: live indexing keeps going
		created(resource(tenant, "during", 1, "open", Map.of()));

		await().atMost(patience()).untilAsserted(() -> assertThat(status(id)).containsEntry("state", "succeeded"));
		Map<String, Object> done = status(id);
		assertThat(done).containsEntry("percent", 100.0).containsEntry("done", true);
		assertThat(((Number) done.get("events_replayed")).longValue())
			.isEqualTo(((Number) done.get("events_total")).longValue())
			.isGreaterThanOrEqualTo(6);
		assertThat(this.index.current()).containsExactly((String) done.get("index"))
			.doesNotContainAnyElementsOf(before);
		assertThat(this.elastic.exists("/" + generation)).isFalse();

		await().atMost(patience())
			.untilAsserted(() -> assertThat(ids(tenant, "")).containsExactlyInAnyOrder("a", "b", "c", "during"));
		assertThat(item(tenant, "b")).containsEntry("state", "closed").containsEntry("version", 2);
		assertThat(ids(tenant, "attributes.priority = 1")).containsExactly("a");
		// after the switch, live events go to the new generation through the alias
		updated(resource(tenant, "a", 2, "closed", Map.of("priority", 1)));
		await().atMost(patience()).untilAsserted(() -> assertThat(item(tenant, "a")).containsEntry("state", "closed"));
	}

	@Test
	void onlyAdminsRebuild() {
		String tenant = newTenant();
		get(tenant, "/v2/analytics/admin/rebuild/whatever").expectStatus().isForbidden();
		this.client.post()
			.uri("/v2/analytics/admin/rebuild")
			.header("Authorization", "Bearer " + tokens.token(tenant, "resources.read"))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/forbidden");
		this.client.post().uri("/v2/analytics/admin/rebuild").exchange().expectStatus().isUnauthorized();
		admin().get().uri("/v2/analytics/admin/rebuild/no-such-operation").exchange().expectStatus().isNotFound();
	}

	private RestTestClient admin() {
		return this.client.mutate()
			.defaultHeader("Authorization", "Bearer " + tokens.token(newTenant(), "analytics.admin"))
			.build();
	}

	private Map<String, Object> status(String id) {
		return admin().get()
			.uri("/v2/analytics/admin/rebuild/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
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
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		return (List<Map<String, Object>>) page.get("items");
	}

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

}
