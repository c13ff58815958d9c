package io.strata.analytics.resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.ResourceTypeChanged;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v2/resources?query=…&mode=semantic|hybrid} on real Elasticsearch, Kafka and
 * the real embedding model: vectors written with the documents, tenant-filtered kNN,
 * reciprocal rank fusion, and indexing that goes on when ml is down.
 */
class SemanticSearchIntegrationTests extends AnalyticsIntegrationTest {

	@Autowired
	Elastic elastic;

	@Autowired
	ResourceIndex index;

	@Test
	void findsByMeaningWhatKeywordsMiss() {
		String tenant = newTenant();
		created(resource(tenant, "car", 1, "open", Map.of("title", "my car will not start")));
		created(resource(tenant, "cake", 1, "open", Map.of("title", "chocolate cake recipe")));
		await().atMost(patience())
			.untilAsserted(() -> assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic"))
				.containsExactly("car"));
		assertThat(ids(tenant, "&query=automobile engine failure&mode=keyword")).isEmpty();
		assertThat(ids(tenant, "&query=automobile engine failure")).isEmpty();
		await().atMost(patience())
			.untilAsserted(
					() -> assertThat(ids(tenant, "&query=dessert baking&mode=semantic")).containsExactly("cake"));
		// the caller's filter holds inside the kNN search
		assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic&filter=state = \"closed\"")).isEmpty();
	}

	@Test
	void nearestNeighboursAreTheCallersTenantsOnly() {
		String tenant = newTenant();
		String other = newTenant();
		created(resource(other, "theirs", 1, "open", Map.of("title", "my car will not start")));
		created(resource(tenant, "mine", 1, "open", Map.of("title", "quarterly tax filing")));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(ids(tenant, "&query=tax declaration&mode=semantic")).containsExactly("mine");
			assertThat(ids(other, "&query=automobile engine failure&mode=semantic")).containsExactly("theirs");
		});
		assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic")).isEmpty();
		assertThat(ids(tenant, "&query=automobile engine failure&mode=hybrid")).isEmpty();
	}

	@Test
	void hybridFusesWordsAndMeaning() {
		String tenant = newTenant();
		created(resource(tenant, "meaning", 1, "open", Map.of("title", "my car will not start")));
		created(resource(tenant, "words", 1, "open", Map.of("title", "XJ-900 engine failure code list")));
		created(resource(tenant, "neither", 1, "open", Map.of("title", "chocolate cake recipe")));
		await().atMost(patience())
			.untilAsserted(
					() -> assertThat(ids(tenant, "&query=my car will not start&mode=semantic")).contains("meaning"));
		await().atMost(patience())
			.untilAsserted(() -> assertThat(ids(tenant, "&query=XJ-900 engine failure code list&mode=semantic"))
				.contains("words"));
		await().atMost(patience())
			.untilAsserted(
					() -> assertThat(ids(tenant, "&query=chocolate cake recipe&mode=semantic")).contains("neither"));
		List<String> keyword = ids(tenant, "&query=engine failure&mode=keyword");
		List<String> semantic = ids(tenant, "&query=engine failure&mode=semantic");
		List<String> hybrid = ids(tenant, "&query=engine failure&mode=hybrid");
		assertThat(keyword).containsExactly("words");
		assertThat(semantic).contains("meaning").doesNotContain("neither");
		assertThat(hybrid).containsExactlyInAnyOrderElementsOf(
				java.util.stream.Stream.concat(keyword.stream(), semantic.stream()).distinct().toList());
		get(tenant, "/v2/resources?query=engine failure&mode=hybrid&page_size=1").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].id")
			.isEqualTo(hybrid.getFirst())
			.jsonPath("$.next_page_token")
			.doesNotExist();
	}

	/**
	 * A type naming {@code title} as its text: a resource whose title is about a car and
	 * whose notes are about baking is found by meaning of the title only; the same
	 * attributes under a type naming none (every string embedded) are found by the notes
	 * too. Naming {@code notes} instead embeds the type's resources again.
	 */
	@Test
	void embedsTheTextAttributesItsTypeNamesAndEmbedsAgainWhenTheyChange() {
		String tenant = newTenant();
		Map<String, Object> attributes = Map.of("title", "my car will not start", "notes",
				"whisk eggs and sugar, fold in the flour and bake the sponge cake for forty minutes");
		typeChanged(tenant, "ticket", 1, List.of("title"));
		created(resource(tenant, "car", 1, "open", attributes));
		created(resource(tenant, "everything", 1, "open", attributes).toBuilder().setType("memo").build());
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic")).containsExactlyInAnyOrder("car",
					"everything");
			assertThat(ids(tenant, "&query=baking a cake&mode=semantic")).containsExactly("everything");
		});
		// keyword search still reads every string
		assertThat(ids(tenant, "&query=sponge cake&mode=keyword")).containsExactlyInAnyOrder("car", "everything");

		typeChanged(tenant, "ticket", 2, List.of("notes"));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(ids(tenant, "&query=baking a cake&mode=semantic")).containsExactlyInAnyOrder("car",
					"everything");
			assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic")).containsExactly("everything");
		});
	}

	private void typeChanged(String tenant, String type, int version, List<String> textAttributes) {
		publish(EventTopics.RESOURCE, "resource.type_changed", tenant, "type:" + type,
				ResourceTypeChanged.newBuilder()
					.setResourceType(ResourceType.newBuilder()
						.setTenantId(tenant)
						.setName(type)
						.setVersion(version)
						.setSchemaJson("{\"type\": \"object\"}")
						.addAllTextAttributes(textAttributes))
					.build(),
				Instant.now());
	}

	@Test
	void indexesWithoutVectorsWhileMlIsDownAndAddsThemLater() {
		String tenant = newTenant();
		ml.available(false);
		try {
			created(resource(tenant, "late", 1, "open", Map.of("title", "my car will not start")));
			// keyword search does not wait for ml
			await().atMost(patience())
				.untilAsserted(() -> assertThat(ids(tenant, "&query=car")).containsExactly("late"));
			get(tenant, "/v2/resources?query={q}&mode=semantic", "automobile engine failure").expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		finally {
			ml.available(true);
		}
		await().atMost(patience())
			.untilAsserted(() -> assertThat(ids(tenant, "&query=automobile engine failure&mode=semantic"))
				.containsExactly("late"));
	}

	@Test
	void embedsInSmallerCallsWhatMlCannotEmbedInTimeAtOnce() {
		String tenant = newTenant();
		ml.available(false);
		try {
			for (int i = 0; i < 12; i++) {
				created(resource(tenant, "slow-" + i, 1, "open", Map.of("title", "my car will not start, day " + i)));
			}
			await().atMost(patience()).untilAsserted(() -> assertThat(count(tenant, false)).isEqualTo(12));
			// back, but slow: a call of more than 4 texts runs out of time
			ml.maxTexts(4);
			ml.available(true);
			await().atMost(patience()).untilAsserted(() -> assertThat(count(tenant, true)).isEqualTo(12));
		}
		finally {
			ml.maxTexts(Integer.MAX_VALUE);
			ml.available(true);
		}
	}

	/** The tenant's resources in the index, or those of them with a vector. */
	private long count(String tenant, boolean withVector) {
		List<Object> filter = new ArrayList<>();
		filter.add(Map.of("term", Map.of("tenant_id", tenant)));
		if (withVector) {
			// set with the vector (a resource with text has no model without one)
			filter.add(Map.of("exists", Map.of("field", "embedding_model")));
		}
		this.elastic.send("POST", "/" + this.index.alias() + "/_refresh", null);
		return this.elastic
			.send("POST", "/" + this.index.alias() + "/_count",
					Map.of("query", Map.of("bool", Map.of("filter", filter))))
			.path("count")
			.asLong();
	}

	@Test
	void refusesWhatItCannotSearch() {
		String tenant = newTenant();
		for (String query : List.of("?query=x&mode=fuzzy", "?mode=semantic", "?mode=hybrid&query=",
				"?query=x&mode=semantic&order_by=created_at", "?query=x&mode=hybrid&page_token=abc", "?query=x&q=y")) {
			get(tenant, "/v2/resources" + query).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void reciprocalRankFusionRewardsAgreement() {
		var json = new com.fasterxml.jackson.databind.ObjectMapper();
		List<com.fasterxml.jackson.databind.JsonNode> bm25 = new ArrayList<>();
		List<com.fasterxml.jackson.databind.JsonNode> knn = new ArrayList<>();
		for (String id : List.of("a", "b", "c")) {
			bm25.add(json.createObjectNode().put("_id", id));
		}
		for (String id : List.of("d", "c", "e")) {
			knn.add(json.createObjectNode().put("_id", id));
		}
		// c: 1/63 + 1/62 beats a: 1/61 and d: 1/61; a and d tie, the first ranking's
		// first
		assertThat(SemanticSearching.fuse(List.of(bm25, knn), 4)).extracting((hit) -> hit.path("_id").asText())
			.containsExactly("c", "a", "d", "b");
	}

	@SuppressWarnings("unchecked")
	private List<String> ids(String tenant, String query) {
		Map<String, Object> page = get(tenant, "/v2/resources?page_size=50" + query).expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> (String) item.get("id")).toList();
	}

}
