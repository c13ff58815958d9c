package io.strata.identity;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input answered 4xx as problem+json on identity's endpoints, through the
 * platform's guards (security issue item 9).
 */
class HostileInputIntegrationTests extends IdentityIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void multipartWithoutBodyIsUnsupportedMediaType() {
		TestTenant tenant = newTenant();
		problem(this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.CONTENT_TYPE, "multipart/form-data")
			.exchange(), 415, "unsupported-media-type");
	}

	@Test
	void nulInStringsIsInvalidBeforeItReachesPostgres() {
		TestTenant tenant = newTenant();
		problem(send(tenant, HttpMethod.POST, "/v2/groups", "{\"name\": \"eng\\u0000\"}"), 400, "validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/name");
		problem(send(tenant, HttpMethod.POST, "/v2/scim-tokens", "{\"name\": \"\\u0000\"}"), 400, "validation");
		problem(send(tenant, HttpMethod.POST, "/v2/api-keys", "{\"name\": \"k\", \"scopes\": [\"a\\u0000\"]}"), 400,
				"validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/scopes/0");
	}

	@Test
	void nullListElementsAreInvalid() {
		TestTenant tenant = newTenant();
		problem(send(tenant, HttpMethod.POST, "/v2/api-keys", "{\"name\": \"k\", \"scopes\": [\"users:read\", null]}"),
				400, "validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/scopes/1");
		problem(send(tenant, HttpMethod.POST, "/v2/invitations",
				"{\"email\": \"" + uniqueEmail() + "\", \"roles\": [null]}"), 400, "validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/roles/0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "{}", "null" })
	void missingScimTokenBodyIsBadRequest(String body) {
		TestTenant tenant = newTenant();
		RestTestClient.ResponseSpec response = send(tenant, HttpMethod.POST, "/v2/scim-tokens", body);
		response.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void missingScimBodiesAreBadRequest() {
		TestTenant tenant = newTenant();
		String token = postCreated(tenant, "/v2/scim-tokens", Map.of("name", "Okta")).get("token").toString();
		for (String body : new String[] { "", "{}", "null" }) {
			for (HttpMethod method : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH)) {
				for (String resources : List.of("/scim/v2/Users", "/scim/v2/Groups")) {
					String uri = (method == HttpMethod.POST) ? resources : resources + "/missing-id";
					RestTestClient.RequestBodySpec request = this.client.method(method)
						.uri(uri)
						.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
						.contentType(MediaType.parseMediaType("application/scim+json"));
					if (!body.isEmpty()) {
						request.body(body);
					}
					request.exchange()
						.expectStatus()
						.value((status) -> assertThat(status).as(method + " " + uri + " " + body).isBetween(400, 499));
				}
			}
		}
	}

	@Test
	void hundredsOfHeadersAreAProblemNotTomcatsPage() {
		problem(this.client.get().uri("/v2/users").headers((headers) -> {
			for (int i = 0; i < 300; i++) {
				headers.add("X-Hostile-" + i, "v");
			}
		}).exchange(), 400, "bad-request");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/users", "/v2/groups", "/v2/audit", "/v2/invitations", "/v2/clients" })
	void pageParametersAreValidated(String list) {
		TestTenant tenant = newTenant();
		for (String query : new String[] { "page_size=0", "page_size=-1", "page_size=501", "page_token=garbage",
				"page_token=dXNyXzAx", "page_token=AA%3D%3D" }) {
			problem(get(tenant, list + "?" + query), 400, "validation").jsonPath("$.errors[0].pointer")
				.isEqualTo(query.startsWith("page_size") ? "/page_size" : "/page_token");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/users", "/v2/groups", "/v2/audit" })
	void unknownOrderByIsInvalid(String list) {
		TestTenant tenant = newTenant();
		problem(get(tenant, list + "?order_by=password_hash"), 400, "validation").jsonPath("$.errors[0].pointer")
			.isEqualTo("/order_by");
	}

	@Test
	void orderByIsHonoured() {
		TestTenant tenant = newTenant();
		for (String name : List.of("a", "b", "c")) {
			postCreated(tenant, "/v2/groups", Map.of("name", name));
		}
		List<String> ascending = ids(get(tenant, "/v2/groups?order_by=id"));
		List<String> descending = ids(get(tenant, "/v2/groups?order_by=id%20desc&page_size=2"));
		assertThat(ascending).hasSize(3).isSorted();
		assertThat(descending).containsExactly(ascending.get(2), ascending.get(1));
		List<String> audit = ids(get(tenant, "/v2/audit?order_by=occurred_at%20asc"));
		List<String> newestFirst = ids(get(tenant, "/v2/audit"));
		assertThat(audit).hasSizeGreaterThan(1).isEqualTo(newestFirst.reversed());
	}

	@SuppressWarnings("unchecked")
	private static List<String> ids(RestTestClient.ResponseSpec response) {
		Map<String, Object> body = response.expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
		return ((List<Map<String, Object>>) body.get("items")).stream()
			.map((item) -> item.get("id").toString())
			.toList();
	}

	private RestTestClient.ResponseSpec get(TestTenant tenant, String uri) {
		return this.client.get()
			.uri(URI.create("http://127.0.0.1:" + this.port + uri))
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange();
	}

	private RestTestClient.ResponseSpec send(TestTenant tenant, HttpMethod method, String uri, String json) {
		RestTestClient.RequestBodySpec request = this.client.method(method)
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.contentType(MediaType.APPLICATION_JSON);
		if (!json.isEmpty()) {
			request.body(json);
		}
		return request.exchange();
	}

	private static RestTestClient.BodyContentSpec problem(RestTestClient.ResponseSpec response, int status,
			String type) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/" + type);
	}

}
