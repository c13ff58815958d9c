package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

/**
 * What {@code POST /graphql} refuses before any resolver runs, and how: a batch, a body
 * over the size limit, a NUL character, a body that is no GraphQL request, and a page
 * size out of the REST API's range. None is a 500.
 */
class GraphQlRequestLimitsIntegrationTests extends GatewayIntegrationTest {

	private static final String ME = "{ me { tenantId } }";

	@LocalServerPort
	int port;

	@Test
	void refusesABatchWithAProblemThatSaysSo() {
		post(List.of(Map.of("query", ME), Map.of("query", ME))).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/graphql-batch-unsupported")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> detail.startsWith("Send one GraphQL operation per request"));
	}

	@Test
	void refusesABodyOverTheLimitWith413() {
		// 256KB by default; a comment pads the query past it
		post(Map.of("query", ME + "#" + "x".repeat(300_000))).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("A GraphQL request takes at most 262144 bytes.");
		post(Map.of("query", ME + "#" + "x".repeat(200_000))).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.data.me.tenantId")
			.isNotEmpty();
	}

	@Test
	void refusesNulWithItsPointer() {
		post(Map.of("query", "query($f: String) { resources(filter: $f) { nodes { id } } }", "variables",
				Map.of("f", "state = \"a\u0000b\"")))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/validation")
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/variables/f");
		post(Map.of("query", "mutation($a: JSON!) { createResource(input: {type: \"t\", attributes: $a}) { id } }",
				"variables", Map.of("a", Map.of("tags", List.of("ok", "n\u0000ul")))))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/variables/a/tags/1");
	}

	@Test
	void refusesWhatIsNoGraphQlRequestWith400() {
		for (String body : new String[] { "not json", "42", "\"{ me { tenantId } }\"", "{\"query\": " }) {
			post(body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value(String.class, (detail) -> detail.contains("JSON object with query"));
		}
	}

	@Test
	void refusesAPageSizeOutOfRangeAsBadUserInput() {
		for (String first : new String[] { "0", "501", "100000000" }) {
			post(Map.of("query", "{ resources(first: " + first + ") { nodes { id } } }")).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.errors[0].extensions.code")
				.isEqualTo("BAD_USER_INPUT")
				.jsonPath("$.errors[0].extensions.errors[0].pointer")
				.isEqualTo("/first")
				.jsonPath("$.errors[0].message")
				.isEqualTo("first must be between 1 and 500.");
		}
		// past Int's range: the document does not validate
		post(Map.of("query", "{ resources(first: 99999999999) { nodes { id } } }")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("GRAPHQL_VALIDATION_FAILED");
	}

	private ResponseSpec post(Object body) {
		return WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(30))
			.baseUrl("http://127.0.0.1:" + this.port + "/graphql")
			.build()
			.post()
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read", "resources.write")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
