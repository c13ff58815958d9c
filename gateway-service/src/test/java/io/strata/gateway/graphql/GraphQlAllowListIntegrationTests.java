package io.strata.gateway.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allow-list mode: only the queries of {@code persisted-queries/*.graphql} (the test's
 * {@code me.graphql}) run, in full or by hash; any other query, and any registration, is
 * PERSISTED_QUERY_NOT_ALLOWED.
 */
@TestPropertySource(properties = "strata.gateway.graphql.allow-list-only=true")
class GraphQlAllowListIntegrationTests extends GatewayIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The text of {@code src/test/resources/persisted-queries/me.graphql}. */
	private static final String LISTED = "{ me { tenantId } }";

	@LocalServerPort
	int port;

	@Test
	void runsTheListedQueryInFullOrByHashAndNothingElse() throws Exception {
		String tenant = newTenant();
		String token = TOKENS.token(tenant, "resources.read");
		assertThat(post(token, Map.of("query", LISTED)).path("data").path("me").path("tenantId").asString())
			.isEqualTo(tenant);
		assertThat(post(token, Map.of("extensions", persisted(sha256(LISTED)))).path("data")
			.path("me")
			.path("tenantId")
			.asString()).isEqualTo(tenant);

		String other = "{ me { clientId } }";
		assertThat(code(post(token, Map.of("query", other)))).isEqualTo("PERSISTED_QUERY_NOT_ALLOWED");
		assertThat(code(post(token, Map.of("query", other, "extensions", persisted(sha256(other))))))
			.isEqualTo("PERSISTED_QUERY_NOT_ALLOWED");
		assertThat(code(post(token, Map.of("query", other)))).isEqualTo("PERSISTED_QUERY_NOT_ALLOWED");
	}

	private static Map<String, Object> persisted(String hash) {
		return Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));
	}

	private static String code(JsonNode answer) {
		return answer.path("errors").get(0).path("extensions").path("code").asString();
	}

	private JsonNode post(String token, Map<String, Object> body) {
		byte[] answer = WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(30))
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.parseMediaType("application/graphql-response+json"))
			.bodyValue(body)
			.exchange()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(answer);
	}

	private static String sha256(String query) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8)));
	}

}
