package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.platform.web.PageRequests;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /v2/resources on a real Elasticsearch fed through real Kafka: every filter
 * operator, the errors, ordering, paging, full text and tenant isolation.
 */
class ResourceSearchIntegrationTests extends AnalyticsIntegrationTest {

	private static String tenantA;

	private static String tenantB;

	@BeforeEach
	void seedOnce() {
		if (tenantA != null) {
			return;
		}
		String a = newTenant();
		String b = newTenant();
		created(resource(a, "r1", 1, "open", Map.of("priority", 1, "title", "Printer on fire", "tags",
				List.of("urgent", "hardware"), "due", "2024-06-01T00:00:00Z", "vip", true)));
		created(resource(a, "r2", 1, "open", Map.of("priority", 2, "title", "Broken chair", "tags",
				List.of("furniture"), "due", "2024-07-01T00:00:00Z", "vip", false)));
		created(resource(a, "r3", 1, "closed",
				Map.of("priority", 10, "title", "Printer out of paper", "owner", Map.of("name", "ann"))));
		created(resource(a, "r4", 1, "closed", Map.of("priority", 3, "title", "Coffee machine")));
		created(resource(a, "r5", 1, "pending", Map.of("title", "No priority yet", "code", "007")));
		// tenant B has look-alikes that tenant A must never see, and the other way round
		created(resource(b, "r1", 1, "open", Map.of("priority", 1, "title", "Printer on fire")));
		created(resource(b, "b2", 1, "open", Map.of("priority", 99, "title", "Secret of B")));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(ids(a, "")).hasSize(5);
			assertThat(ids(b, "")).hasSize(2);
		});
		tenantA = a;
		tenantB = b;
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			state = "open"                                   | r1,r2
			state = open                                     | r1,r2
			state != "open"                                  | r3,r4,r5
			attributes.priority = 2                          | r2
			attributes.priority != 2                         | r1,r3,r4,r5
			attributes.priority > 2                          | r3,r4
			attributes.priority >= 2                         | r2,r3,r4
			attributes.priority < 3                          | r1,r2
			attributes.priority <= 3                         | r1,r2,r4
			attributes.priority > 9                          | r3
			attributes.tags:urgent                           | r1
			attributes.tags:"furniture"                      | r2
			attributes.owner:*                               | r3
			attributes.owner.name = "ann"                    | r3
			attributes.priority:*                            | r1,r2,r3,r4
			NOT attributes.priority:*                        | r5
			-state = open                                    | r3,r4,r5
			attributes.vip = true                            | r1
			attributes.vip = false                           | r2
			attributes.code = "007"                          | r5
			attributes.due < 2024-06-15T00:00:00Z            | r1
			attributes.due >= "2024-06-15"                   | r2
			state = open AND attributes.priority >= 2        | r2
			state = closed OR state = pending                | r3,r4,r5
			state = open AND attributes.priority = 1 OR attributes.priority = 2 | r1,r2
			(state = open OR state = closed) AND NOT attributes.priority > 5 | r1,r2,r4
			state = open attributes.vip = true               | r1
			id = r3                                          | r3
			type = ticket AND type_version >= 1              | r1,r2,r3,r4,r5
			version = 1 AND created_at > 2000-01-01          | r1,r2,r3,r4,r5
			created_at < 2000-01-01T00:00:00Z                | ''
			""")
	void everyOperator(String filter, String expected) {
		List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
		assertThat(ids(tenantA, filter)).containsExactlyInAnyOrderElementsOf(want);
	}

	@Test
	void itemsHaveTheResourceShape() {
		Map<String, Object> body = page(tenantA, "/v2/resources?filter={f}", "id = r3");
		@SuppressWarnings("unchecked")
		Map<String, Object> item = ((List<Map<String, Object>>) body.get("items")).get(0);
		assertThat(item).containsOnlyKeys("id", "tenant_id", "type", "type_version", "state", "attributes", "version",
				"created_at", "updated_at");
		assertThat(item).containsEntry("id", "r3")
			.containsEntry("tenant_id", tenantA)
			.containsEntry("type", "ticket")
			.containsEntry("state", "closed")
			.containsEntry("version", 1);
		assertThat(item.get("attributes"))
			.isEqualTo(Map.of("priority", 10.0, "title", "Printer out of paper", "owner", Map.of("name", "ann")));
		assertThat(body).containsKey("next_page_token");
		assertThat(body.get("next_page_token")).isNull();
	}

	@Test
	void orderByAttributesAndFields() {
		assertThat(ids(tenantA, "", "attributes.priority desc")).containsExactly("r3", "r4", "r2", "r1", "r5");
		assertThat(ids(tenantA, "", "attributes.priority")).containsExactly("r1", "r2", "r4", "r3", "r5");
		assertThat(ids(tenantA, "", "state desc, id desc")).containsExactly("r5", "r2", "r1", "r4", "r3");
	}

	@Test
	void fullTextOverTextAttributes() {
		List<String> printers = items(tenantA, "/v2/resources?q={q}", "printer");
		assertThat(printers).containsExactlyInAnyOrder("r1", "r3");
		assertThat(items(tenantA, "/v2/resources?q={q}&filter={f}", "printer", "state = open")).containsExactly("r1");
	}

	@Test
	void tenantBNeverSeesTenantAWhateverTheFilterSays() {
		for (String filter : List.of("", "tenant_id = \"" + tenantA + "\"", "NOT tenant_id = \"" + tenantB + "\"",
				"tenant_id:*", "id = r2 OR id = r3",
				"tenant_id = \"" + tenantA + "\" OR tenant_id = \"" + tenantB + "\"", "attributes.title:*")) {
			Set<String> seen = new HashSet<>(ids(tenantB, filter));
			assertThat(seen).as(filter).isSubsetOf(Set.of("r1", "b2"));
		}
		assertThat(ids(tenantB, "tenant_id = \"" + tenantA + "\"")).isEmpty();
		assertThat(ids(tenantA, "attributes.priority = 99")).isEmpty();
		assertThat(items(tenantB, "/v2/resources?q={q}", "printer")).containsExactly("r1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', commentCharacter = '~', textBlock = """
			state =                        | Invalid filter at position 7: unexpected end of input; expected a value
			state = open AND               | Invalid filter at position 16
			(state = open                  | expected ')'
			state = "open                  | Invalid filter at position 8: unterminated string
			state open                     | Invalid filter at position 6
			owner = ann                    | Unknown field 'owner' in filter.
			attributes = 1                 | Unknown field 'attributes' in filter.
			_source = 1                    | Unknown field '_source' in filter.
			version = abc                  | 'version' takes a number
			created_at > yesterday         | 'created_at' takes an RFC 3339 timestamp
			a = 1 # 2                      | unexpected character '#'
			""")
	void badFiltersAre400WithWhatWentWrong(String filter, String detail) {
		get(tenantA, "/v2/resources?filter={f}", filter).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(400)
			.jsonPath("$.detail")
			.value(String.class, (text) -> assertThat(text).contains(detail))
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/filter");
	}

	@Test
	void badOrderPageSizeAndTokenAre400() {
		get(tenantA, "/v2/resources?order_by={o}", "colour desc").expectStatus().isBadRequest();
		get(tenantA, "/v2/resources?order_by={o}", "state sideways").expectStatus().isBadRequest();
		get(tenantA, "/v2/resources?page_size=-1").expectStatus().isBadRequest();
		get(tenantA, "/v2/resources?page_size=abc").expectStatus().isBadRequest();
		get(tenantA, "/v2/resources?page_token=garbage").expectStatus().isBadRequest();
		// a token of another query, and a forged one with wrongly typed sort values
		String token = (String) page(tenantA, "/v2/resources?page_size=1").get("next_page_token");
		get(tenantA, "/v2/resources?page_size=1&filter={f}&page_token={t}", "state = open", token).expectStatus()
			.isBadRequest();
		// the checksum only tells a token of this platform from noise: it can be forged
		String key = PageRequests.position(token).replaceAll(".*\"k\":\"([0-9a-f]+)\".*", "$1");
		String forged = PageRequests.token("{\"k\":\"" + key + "\",\"a\":[\"not-a-date\",{\"x\":1}]}");
		get(tenantA, "/v2/resources?page_size=1&page_token={t}", forged).expectStatus().isBadRequest();
		String wrongTypes = PageRequests.token("{\"k\":\"" + key + "\",\"a\":[\"not-a-date\",\"x\"]}");
		get(tenantA, "/v2/resources?page_size=1&page_token={t}", wrongTypes).expectStatus().isBadRequest();
	}

	@Test
	void missingTokenIs401() {
		this.client.get().uri("/v2/resources").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void pagingIsStableUnderConcurrentWrites() {
		String tenant = newTenant();
		for (int i = 1; i <= 7; i++) {
			created(resource(tenant, "p" + i, 1, "open", Map.of("priority", i * 10)));
		}
		await().atMost(patience()).untilAsserted(() -> assertThat(ids(tenant, "")).hasSize(7));
		Map<String, Object> first = page(tenant, "/v2/resources?page_size=3&order_by={o}", "attributes.priority desc");
		List<String> seen = new ArrayList<>(idsOf(first));
		assertThat(seen).containsExactly("p7", "p6", "p5");
		// writes land before and after the cursor while the client pages
		created(resource(tenant, "new-top", 1, "open", Map.of("priority", 1000)));
		created(resource(tenant, "new-middle", 1, "open", Map.of("priority", 35)));
		updated(resource(tenant, "p7", 2, "closed", Map.of("priority", 70)));
		await().atMost(patience()).untilAsserted(() -> assertThat(ids(tenant, "")).hasSize(9));
		String token = (String) first.get("next_page_token");
		while (token != null) {
			Map<String, Object> next = page(tenant, "/v2/resources?page_size=3&order_by={o}&page_token={t}",
					"attributes.priority desc", token);
			seen.addAll(idsOf(next));
			token = (String) next.get("next_page_token");
		}
		assertThat(seen).doesNotHaveDuplicates()
			.containsSubsequence("p7", "p6", "p5", "p4", "p3", "p2", "p1")
			.doesNotContain("new-top");
	}

	private List<String> ids(String tenant, String filter) {
		return ids(tenant, filter, "");
	}

	private List<String> ids(String tenant, String filter, String orderBy) {
		return idsOf(page(tenant, "/v2/resources?page_size=100&filter={f}&order_by={o}", filter, orderBy));
	}

	private List<String> items(String tenant, String uri, Object... variables) {
		return idsOf(page(tenant, uri, variables));
	}

	@SuppressWarnings("unchecked")
	private static List<String> idsOf(Map<String, Object> page) {
		return ((List<Map<String, Object>>) page.get("items")).stream().map((item) -> (String) item.get("id")).toList();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> page(String tenant, String uri, Object... variables) {
		return get(tenant, uri, variables).expectStatus()
			.isOk()
			.expectBody(LinkedHashMap.class)
			.returnResult()
			.getResponseBody();
	}

}
