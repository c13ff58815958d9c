package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on GraphQL mutations, through the REST routes' filter and the
 * real Redis: a replay answers the first response without running the mutation again,
 * another body under the same key is a 422, and the key is the principal's own.
 */
class GraphQlIdempotencyIntegrationTests extends GatewayIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void replaysAMutationRefusesAnotherBodyAndScopesKeysByPrincipal() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		String token = TOKENS.token(tenant, "resources.write");
		String key = "gql-" + UUID.randomUUID();
		String create = mutation("Paper");

		EntityExchangeResult<String> first = post(token, key, create).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		int calls = GRAPHQL_BACKENDS.calls("CreateResource");
		EntityExchangeResult<String> replay = post(token, key, create).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		assertThat(replay.getResponseBody()).isEqualTo(first.getResponseBody()).contains("createResource");
		assertThat(replay.getResponseHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
		assertThat(first.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(GRAPHQL_BACKENDS.calls("CreateResource")).isEqualTo(calls);

		post(token, key, mutation("Ink")).expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

		// another user of the same tenant has keys of its own
		EntityExchangeResult<String> other = post(TOKENS.tokenFor(tenant, "user-other", "app", "resources.write"), key,
				create)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult();
		assertThat(other.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
		assertThat(GRAPHQL_BACKENDS.calls("CreateResource")).isEqualTo(calls + 1);
	}

	private static String mutation(String title) {
		return "{\"query\": \"mutation { createResource(input: {type: \\\"ticket\\\", attributes: {title: \\\"" + title
				+ "\\\"}}) { id } }\"}";
	}

	private WebTestClient.ResponseSpec post(String token, String key, String body) {
		return WebTestClient.bindToServer()
			.responseTimeout(Duration.ofSeconds(30))
			.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.post()
			.uri("/graphql")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
