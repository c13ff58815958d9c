package io.strata.gateway.graphql;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook endpoints through GraphQL against
 * {@link io.strata.gateway.support.GraphQlBackends} (a stand-in for notification's
 * {@code WebhookService}; the real one is tested in notification-service): the secret in
 * the create answer only, partial updates with ETags, the service's pointers, and each
 * field's scope checked at the edge from the REST table before any call.
 */
class GraphQlWebhookIntegrationTests extends GatewayIntegrationTest {

	private static final String FIELDS = "id url description eventTypes metadata status etag version";

	@LocalServerPort
	int port;

	@Test
	void createsReadsListsUpdatesAndDeletesAnEndpoint() {
		String tenant = newTenant();
		HttpGraphQlTester writer = graphQl(TOKENS.token(tenant, "webhooks.write"));
		Map<String, Object> created = writer.document("""
				mutation { createWebhookEndpoint(input: {url: "https://hooks.example.com/a",
				  eventTypes: ["resource.*"], description: "helpdesk", metadata: {team: "support"}}) {
				    secret endpoint { %s } } }""".formatted(FIELDS))
			.execute()
			.path("createWebhookEndpoint")
			.entity(MAP)
			.get();
		assertThat(created).containsEntry("secret", "whsec_test");
		@SuppressWarnings("unchecked")
		Map<String, Object> endpoint = (Map<String, Object>) created.get("endpoint");
		assertThat(endpoint).containsEntry("eventTypes", List.of("resource.*"))
			.containsEntry("metadata", Map.of("team", "support"))
			.containsEntry("etag", "\"1\"");
		String id = (String) endpoint.get("id");

		HttpGraphQlTester reader = graphQl(TOKENS.token(tenant, "webhooks.read"));
		reader.document("query($id: ID!) { webhookEndpoint(id: $id) { id description } }")
			.variable("id", id)
			.execute()
			.path("webhookEndpoint.description")
			.entity(String.class)
			.isEqualTo("helpdesk");
		reader.document("{ webhookEndpoints(first: 10) { nodes { id } pageInfo { hasNextPage } } }")
			.execute()
			.path("webhookEndpoints.nodes[*].id")
			.entityList(String.class)
			.containsExactly(id);

		writer.document("""
				mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {description: "v2"}, ifMatch: "\\"1\\"") {
				  description eventTypes etag } }""")
			.variable("id", id)
			.execute()
			.path("updateWebhookEndpoint.description")
			.entity(String.class)
			.isEqualTo("v2")
			.path("updateWebhookEndpoint.eventTypes")
			.entityList(String.class)
			.containsExactly("resource.*");
		writer.document(
				"mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: {description: \"v3\"}, ifMatch: \"1\") { id } }")
			.variable("id", id)
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getExtensions()).containsEntry("code", "PRECONDITION_FAILED")));
		writer.document("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }")
			.variable("id", id)
			.execute()
			.path("deleteWebhookEndpoint.id")
			.entity(String.class)
			.isEqualTo(id);
		assertThat(GRAPHQL_BACKENDS.webhookEndpoints).doesNotContainKey(id);
	}

	@Test
	void refusesAFieldWithoutItsRestScopeBeforeCallingTheService() {
		String tenant = newTenant();
		int calls = GRAPHQL_BACKENDS.calls("ListWebhookEndpoints") + GRAPHQL_BACKENDS.calls("CreateWebhookEndpoint");
		graphQl(TOKENS.token(tenant, "resources.read", "resources.write")).document("""
				{ webhookEndpoints { nodes { id } } }""").execute().errors().satisfy((errors) -> {
			assertThat(errors).singleElement().satisfies((error) -> {
				assertThat(error.getExtensions()).containsEntry("code", "FORBIDDEN").containsEntry("status", 403);
				assertThat(error.getMessage())
					.isEqualTo("This route needs one of the scopes: webhooks.read webhooks.write");
			});
		});
		graphQl(TOKENS.token(tenant, "webhooks.read"))
			.document(
					"""
							mutation { createWebhookEndpoint(input: {url: "https://hooks.example.com/b", eventTypes: ["resource.*"]}) {
							  secret } }""")
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getMessage()).endsWith("webhooks.write")));
		assertThat(GRAPHQL_BACKENDS.calls("ListWebhookEndpoints") + GRAPHQL_BACKENDS.calls("CreateWebhookEndpoint"))
			.isEqualTo(calls);
	}

	@Test
	void refusesInvalidInputWithTheServicesPointers() {
		graphQl(TOKENS.token(newTenant(), "webhooks.write")).document("""
				mutation { createWebhookEndpoint(input: {url: "http://plain.example.com", eventTypes: ["resource.*"]}) {
				  secret } }""")
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
					.containsEntry("errors", List.of(Map.of("pointer", "/url", "message", "must be https")))));
		graphQl(TOKENS.token(newTenant(), "webhooks.write")).document("""
				mutation { createWebhookEndpoint(input: {url: "https://x.example.com", eventTypes: ["resource.*"],
				  metadata: {team: 3}}) { secret } }""")
			.execute()
			.errors()
			.satisfy((errors) -> assertThat(errors).singleElement()
				.satisfies((error) -> assertThat(error.getExtensions()).containsEntry("code", "BAD_USER_INPUT")
					.containsEntry("errors",
							List.of(Map.of("pointer", "/metadata/team", "message", "must be a string")))));
	}

	private static final Class<Map<String, Object>> MAP = mapType();

	@SuppressWarnings("unchecked")
	private static Class<Map<String, Object>> mapType() {
		return (Class<Map<String, Object>>) (Class<?>) Map.class;
	}

	private HttpGraphQlTester graphQl(String token) {
		return HttpGraphQlTester
			.builder(WebTestClient.bindToServer()
				.responseTimeout(Duration.ofSeconds(30))
				.baseUrl("http://127.0.0.1:" + this.port + "/graphql"))
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.build();
	}

}
