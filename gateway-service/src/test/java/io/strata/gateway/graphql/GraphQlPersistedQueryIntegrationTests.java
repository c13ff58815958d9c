package io.strata.gateway.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic persisted queries as Apollo's clients speak them: an unknown hash is
 * PERSISTED_QUERY_NOT_FOUND, query and hash register it, the hash alone then runs it, and
 * a hash that is not the query's is refused.
 */
class GraphQlPersistedQueryIntegrationTests extends GatewayIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void registersAQueryByItsHashAndRunsItFromTheHashAlone() throws Exception {
		String tenant = newTenant();
		String token = TOKENS.token(tenant, "resources.read");
		// unique per run: the cache outlives a test
		String query = "{ me { tenantId } } # " + UUID.randomUUID();
		String hash = sha256(query);
		Map<String, Object> persisted = Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", hash));

		JsonNode unknown = post(token, Map.of("extensions", persisted));
		assertThat(unknown.path("errors").get(0).path("message").asString()).isEqualTo("PersistedQueryNotFound");
		assertThat(unknown.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("PERSISTED_QUERY_NOT_FOUND");

		JsonNode registered = post(token, Map.of("query", query, "extensions", persisted));
		assertThat(registered.path("data").path("me").path("tenantId").asString()).isEqualTo(tenant);

		JsonNode byHash = post(token, Map.of("extensions", persisted));
		assertThat(byHash.path("errors").isMissingNode()).as(byHash.toString()).isTrue();
		assertThat(byHash.path("data").path("me").path("tenantId").asString()).isEqualTo(tenant);

		JsonNode mismatch = post(token, Map.of("query", "{ me { clientId } }", "extensions",
				Map.of("persistedQuery", Map.of("version", 1, "sha256Hash", sha256("something else")))));
		assertThat(mismatch.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("PERSISTED_QUERY_HASH_MISMATCH");
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
