package io.strata.gateway.graphql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import io.strata.gateway.graphql.GraphQlEdgeConfiguration.SchemaCoverage;
import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL through the whole edge (security chain, rate limit, GraphQL, gRPC with the
 * caller's token) against {@link io.strata.gateway.support.GraphQlBackends}: real gRPC
 * servers on loopback implementing the services' protos over an in-memory store. That is
 * a fake of our own service boundary, for the gateway's tests only; workflow's gRPC
 * server is tested for real in workflow-service and the end-to-end suite
 * (GraphQlEndToEndTests) drives GraphQL against the running platform.
 */
class GraphQlIntegrationTests extends GatewayIntegrationTest {

	private static final String RESOURCE_FIELDS = "id type typeVersion state attributes etag version createdAt updatedAt";

	@LocalServerPort
	int port;

	@Autowired
	SchemaCoverage coverage;

	@Test
	void schemaLoadsAndEveryFieldHasAResolver() {
		assertThat(this.coverage.report()).isNotNull();
		assertThat(this.coverage.report().unmappedFields()).isEmpty();
		assertThat(this.coverage.report().unmappedArguments()).isEmpty();
		assertThat(this.coverage.report().skippedTypes()).isEmpty();
		assertThat(this.coverage.report().unmappedRegistrations()).isEmpty();
	}

	@Test
	void publishesTheSchemaAndGraphiQlWithoutCredentials() {
		this.client.get()
			.uri("/graphql/schema.graphqls")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((schema) -> assertThat(schema).contains("type Query").contains("resources(filter: String"));
		this.client.get()
			.uri("/graphiql?path=/graphql")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML);
	}

	@Test
	void answersMeFromTheTokenAndFromAnApiKey() {
		String tenant = newTenant();
		graphQl(TOKENS.token(tenant, "resources.read", "webhooks.read"))
			.document("{ me { tenantId subject clientId scopes } }")
			.execute()
			.path("me.tenantId")
			.entity(String.class)
			.isEqualTo(tenant)
			.path("me.scopes")
			.entityList(String.class)
			.containsExactly("resources.read", "webhooks.read")
			.path("me.subject")
			.entity(String.class)
			.satisfies((subject) -> assertThat(subject).startsWith("user-"));

		String key = "sk_test_" + UUID.randomUUID();
		GRPC.apiKeys.put(key,
				ResolveApiKeyResponse.newBuilder()
					.setTenantId(tenant)
					.setKeyId("k-graphql")
					.setSubject("svc-billing")
					.addScopes("resources.read")
					.setAccessToken(TOKENS.token(tenant, "resources.read"))
					.setAccessTokenExpiresAt(
							Timestamp.newBuilder().setSeconds(Instant.now().plusSeconds(300).getEpochSecond()))
					.build());
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		HttpGraphQlTester.builder(WebTestClient.bindToServer().responseTimeout(PATIENCE).baseUrl(url()))
			.header("X-API-Key", key)
			.build()
			.document("{ me { clientId scopes } resourceType(name: \"ticket\") { name } }")
			.execute()
			.path("me.clientId")
			.entity(String.class)
			.isEqualTo("key:k-graphql")
			.path("resourceType.name")
			.entity(String.class)
			.isEqualTo("ticket");
	}

	@Test
	void createsReadsUpdatesAndDeletesAResource() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(tenant, "resources.write"));
		Map<String, Object> created = graphQl
			.document(
					"mutation { createResource(input: {type: \"ticket\", attributes: {title: \"Paper\", priority: 2}})"
							+ " { " + RESOURCE_FIELDS + " } }")
			.execute()
			.path("createResource")
			.entity(MAP)
			.get();
		assertThat(created).containsEntry("type", "ticket")
			.containsEntry("state", "open")
			.containsEntry("etag", "\"1\"")
			.containsEntry("attributes", Map.of("title", "Paper", "priority", 2));
		String id = (String) created.get("id");

		graphQl
			.document("query($id: ID!) { resource(id: $id) { id state attributes resourceType { name version"
					+ " description schema lifecycle retired createdAt textAttributes } } }")
			.variable("id", id)
			.execute()
			.path("resource.attributes.title")
			.entity(String.class)
			.isEqualTo("Paper")
			.path("resource.resourceType.name")
			.entity(String.class)
			.isEqualTo("ticket")
			.path("resource.resourceType.lifecycle.initial")
			.entity(String.class)
			.isEqualTo("open")
			.path("resource.resourceType.textAttributes")
			.entityList(String.class)
			.containsExactly("title");

		graphQl
			.document("mutation($id: ID!, $ifMatch: String!) { updateResource(id: $id,"
					+ " attributes: {priority: 3, title: null, note: \"n\"}, ifMatch: $ifMatch) { etag attributes } }")
			.variable("id", id)
			.variable("ifMatch", "\"1\"")
			.execute()
			.path("updateResource.etag")
			.entity(String.class)
			.isEqualTo("\"2\"")
			.path("updateResource.attributes")
			.entity(MAP)
			.isEqualTo(Map.of("priority", 3, "note", "n"));

		graphQl
			.document("mutation($id: ID!) { updateResource(id: $id, attributes: {priority: 4}, ifMatch: \"1\")"
					+ " { etag } }")
			.variable("id", id)
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("PRECONDITION_FAILED")
					&& Integer.valueOf(412).equals(error.getExtensions().get("status"))
					&& error.getMessage().contains("stale") && "updateResource".equals(error.getPath()))
			.verify();

		graphQl.document("mutation($id: ID!) { deleteResource(id: $id, ifMatch: \"1\") { id } }")
			.variable("id", id)
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("PRECONDITION_FAILED"))
			.verify();
		graphQl.document("mutation($id: ID!) { deleteResource(id: $id, ifMatch: \"2\") { id } }")
			.variable("id", id)
			.execute()
			.path("deleteResource.id")
			.entity(String.class)
			.isEqualTo(id);
		graphQl.document("query($id: ID!) { resource(id: $id) { id } }")
			.variable("id", id)
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("NOT_FOUND")
					&& Integer.valueOf(404).equals(error.getExtensions().get("status"))
					&& "https://strata.io/problems/not-found".equals(error.getExtensions().get("type")))
			.verify()
			.path("resource")
			.valueIsNull();
	}

	@Test
	void refusesInvalidAttributesWithTheServicesPointers() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		graphQl(TOKENS.token(tenant, "resources.write"))
			.document("mutation { createResource(input: {type: \"ticket\", attributes: {priority: 2}}) { id } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("BAD_USER_INPUT")
					&& error.getExtensions().get("errors").toString().contains("/attributes/title"))
			.verify();
	}

	@Test
	void runsActionsAndReadsOperations() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(tenant, "resources.write"));
		String id = graphQl
			.document("mutation { createResource(input: {type: \"ticket\", attributes: {title: \"t\"}}) { id } }")
			.execute()
			.path("createResource.id")
			.entity(String.class)
			.get();
		String operationId = graphQl
			.document("mutation($id: ID!) { runAction(input: {resourceId: $id, action: \"approve\","
					+ " input: {approver: \"ann\"}}) { id resourceId action status fromState toState } }")
			.variable("id", id)
			.execute()
			.path("runAction.status")
			.entity(String.class)
			.isEqualTo("pending")
			.path("runAction.toState")
			.entity(String.class)
			.isEqualTo("approved")
			.path("runAction.id")
			.entity(String.class)
			.get();
		graphQl
			.document("query($id: ID!) { operation(id: $id) { id resourceId action status createdAt finishedAt"
					+ " error } }")
			.variable("id", operationId)
			.execute()
			.path("operation.resourceId")
			.entity(String.class)
			.isEqualTo(id)
			.path("operation.finishedAt")
			.valueIsNull();
		graphQl.document("mutation($id: ID!) { runAction(input: {resourceId: $id, action: \"approve\"}) { id } }")
			.variable("id", id)
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("CONFLICT")
					&& Integer.valueOf(409).equals(error.getExtensions().get("status")))
			.verify();
	}

	@Test
	void pagesResourcesAsARelayConnectionWithOneTypeLookupPerRequest() {
		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		GRAPHQL_BACKENDS.defineType(tenant, "task");
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(tenant, "resources.write"));
		for (int i = 0; i < 60; i++) {
			graphQl
				.document("mutation($type: String!, $title: String!) { createResource(input: {type: $type,"
						+ " attributes: {title: $title}}) { id } }")
				.variable("type", (i % 2 == 0) ? "ticket" : "task")
				.variable("title", "r" + i)
				.executeAndVerify();
		}
		int batches = GRAPHQL_BACKENDS.calls("BatchGetResourceTypes");
		int gets = GRAPHQL_BACKENDS.calls("GetResourceType");
		List<String> firstPage = graphQl
			.document("{ resources(first: 50) { edges { cursor node { id resourceType { name } } }"
					+ " pageInfo { hasNextPage hasPreviousPage endCursor } } }")
			.execute()
			.path("resources.edges[*].node.resourceType.name")
			.entityList(String.class)
			.hasSize(50)
			.path("resources.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("resources.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("resources.edges[*].cursor")
			.entityList(String.class)
			.get();
		assertThat(GRAPHQL_BACKENDS.calls("BatchGetResourceTypes") - batches).as("one batch for 50 resources")
			.isEqualTo(1);
		assertThat(GRAPHQL_BACKENDS.calls("GetResourceType") - gets).isZero();

		List<String> all = new ArrayList<>(graphQl.document("{ resources(first: 50) { nodes { id } } }")
			.execute()
			.path("resources.nodes[*].id")
			.entityList(String.class)
			.get());
		List<String> rest = graphQl
			.document("query($after: String) { resources(first: 50, after: $after) { nodes { id }"
					+ " pageInfo { hasNextPage hasPreviousPage } } }")
			.variable("after", firstPage.get(49))
			.execute()
			.path("resources.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(false)
			.path("resources.pageInfo.hasPreviousPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("resources.nodes[*].id")
			.entityList(String.class)
			.hasSize(10)
			.get();
		all.addAll(rest);
		assertThat(all).hasSize(60).doesNotHaveDuplicates();

		// any edge's cursor resumes right after that edge, not only the last one's
		graphQl.document("query($after: String) { resources(first: 3, after: $after) { nodes { id } } }")
			.variable("after", firstPage.get(9))
			.execute()
			.path("resources.nodes[*].id")
			.entityList(String.class)
			.isEqualTo(all.subList(10, 13));
		assertThat(graphQl.document("{ resources(filter: \"type = \\\"task\\\"\", first: 100) { nodes { type } } }")
			.execute()
			.path("resources.nodes[*].type")
			.entityList(String.class)
			.get()).hasSize(30).containsOnly("task");

		graphQl.document("{ resources(first: 0) { nodes { id } } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("BAD_USER_INPUT"))
			.verify();
		graphQl.document("{ resources(after: \"not-a-cursor\") { nodes { id } } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("BAD_USER_INPUT"))
			.verify();
		graphQl.document("{ resources(filter: \"(\") { nodes { id } } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("BAD_USER_INPUT")
					&& error.getMessage().contains("filter"))
			.verify();
	}

	@Test
	void listsResourceTypesAsAConnection() {
		String tenant = newTenant();
		for (String name : List.of("alpha", "beta", "gamma")) {
			GRAPHQL_BACKENDS.defineType(tenant, name);
		}
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(tenant, "resources.read"));
		String after = graphQl
			.document("{ resourceTypes(first: 2) { nodes { name } pageInfo { endCursor hasNextPage } } }")
			.execute()
			.path("resourceTypes.nodes[*].name")
			.entityList(String.class)
			.containsExactly("alpha", "beta")
			.path("resourceTypes.pageInfo.hasNextPage")
			.entity(Boolean.class)
			.isEqualTo(true)
			.path("resourceTypes.pageInfo.endCursor")
			.entity(String.class)
			.get();
		graphQl.document("query($after: String) { resourceTypes(after: $after) { edges { node { name schema } } } }")
			.variable("after", after)
			.execute()
			.path("resourceTypes.edges[*].node.name")
			.entityList(String.class)
			.containsExactly("gamma");
		graphQl.document("{ resourceType(name: \"nope\") { name } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("NOT_FOUND"))
			.verify();
	}

	@Test
	void withoutCredentialsIsA401ProblemAndWithoutTheScopeAForbiddenError() {
		this.client.post()
			.uri("/graphql")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ me { tenantId } }"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401);

		String tenant = newTenant();
		GRAPHQL_BACKENDS.defineType(tenant, "ticket");
		graphQl(TOKENS.token(tenant, "webhooks.read"))
			.document("{ me { tenantId } resourceType(name: \"ticket\") { name } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("FORBIDDEN")
					&& Integer.valueOf(403).equals(error.getExtensions().get("status"))
					&& error.getMessage().contains("resources.read"))
			.verify()
			.path("me.tenantId")
			.entity(String.class)
			.isEqualTo(tenant);
		graphQl(TOKENS.token(tenant, "resources.read"))
			.document("mutation { createResource(input: {type: \"ticket\", attributes: {title: \"t\"}}) { id } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("FORBIDDEN")
					&& error.getMessage().contains("resources.write"))
			.verify();
	}

	@Test
	void anotherTenantsResourceIsNotFound() {
		String owner = newTenant();
		GRAPHQL_BACKENDS.defineType(owner, "ticket");
		String id = graphQl(TOKENS.token(owner, "resources.write"))
			.document("mutation { createResource(input: {type: \"ticket\", attributes: {title: \"t\"}}) { id } }")
			.execute()
			.path("createResource.id")
			.entity(String.class)
			.get();
		HttpGraphQlTester stranger = graphQl(TOKENS.token(newTenant(), "resources.write"));
		stranger.document("query($id: ID!) { resource(id: $id) { id } }")
			.variable("id", id)
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("NOT_FOUND"))
			.verify();
		stranger.document("{ resources { nodes { id } } }")
			.execute()
			.path("resources.nodes")
			.entityList(Object.class)
			.hasSize(0);
	}

	@Test
	void refusesQueriesDeeperThanTheLimitButNotIntrospection() {
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(newTenant(), "resources.read"));
		String deep = "__schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType {"
				+ " ofType { name } } } } } } } } } } }";
		graphQl.document("{ me { tenantId } " + deep + " }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("QUERY_TOO_COMPLEX")
					&& error.getMessage().contains("at most 10"))
			.verify();
		graphQl.document("{ " + deep + " }")
			.execute()
			.path("__schema.types")
			.entityList(Object.class)
			.hasSizeGreaterThan(5);
	}

	@Test
	void refusesMoreAliasesThanTheLimitFragmentsIncluded() {
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(newTenant(), "resources.read"));
		String thirty = aliases(30);
		graphQl.document("{ " + thirty + " }").execute().path("a29.tenantId").hasValue();
		graphQl.document("{ " + aliases(31) + " }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("QUERY_TOO_COMPLEX")
					&& error.getMessage().equals("The query has 31 aliases; at most 30 are allowed."))
			.verify();
		graphQl.document("{ ...Many extra: me { tenantId } } fragment Many on Query { " + thirty + " }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("QUERY_TOO_COMPLEX"))
			.verify();
	}

	private static String aliases(int count) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < count; i++) {
			query.append("a").append(i).append(": me { tenantId } ");
		}
		return query.toString();
	}

	@Test
	void requestErrorsCarryCodesToo() {
		HttpGraphQlTester graphQl = graphQl(TOKENS.token(newTenant(), "resources.read"));
		graphQl.document("{ me { nope } }")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("GRAPHQL_VALIDATION_FAILED"))
			.verify();
		graphQl.document("{ me { ")
			.execute()
			.errors()
			.expect((error) -> code(error.getExtensions()).equals("GRAPHQL_PARSE_FAILED"))
			.verify();
	}

	@Test
	void paysTheTenantsRateLimitFromTheBucketItsRestCallsUse() {
		// tenant-tiny's plan: 5 tokens, 0.5 per second; one client of one tenant
		String token = TOKENS.tokenFor("tenant-tiny", "user-" + UUID.randomUUID(), "app-" + UUID.randomUUID(),
				"resources.read");
		this.client.get()
			.uri("/test/expensive/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk();
		WebTestClient graphQl = WebTestClient.bindToServer().responseTimeout(PATIENCE).baseUrl(url()).build();
		graphQl.post()
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_GRAPHQL_RESPONSE)
			.bodyValue(Map.of("query", "{ me { tenantId } }"))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.valueMatches("RateLimit", "\"tiny\";r=0;t=\\d+")
			.expectBody()
			.jsonPath("$.errors[0].extensions.code")
			.isEqualTo("RATE_LIMITED")
			.jsonPath("$.errors[0].extensions.status")
			.isEqualTo(429)
			.jsonPath("$.errors[0].extensions.retryAfter")
			.isNumber()
			.jsonPath("$.data")
			.doesNotExist();
	}

	@Test
	void answersWithTheRateLimitFields() {
		WebTestClient.bindToServer()
			.baseUrl(url())
			.build()
			.post()
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read")))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("query", "{ me { tenantId } }"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("RateLimit-Policy")
			.expectHeader()
			.exists("RateLimit");
	}

	/**
	 * A response's patience: the build machine is shared, and a request that lists 120
	 * resources has taken more than WebTestClient's 5 s default under its load.
	 */
	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Class<Map<String, Object>> MAP = mapType();

	@SuppressWarnings("unchecked")
	private static Class<Map<String, Object>> mapType() {
		return (Class<Map<String, Object>>) (Class<?>) Map.class;
	}

	private static String code(Map<String, Object> extensions) {
		return String.valueOf(extensions.get("code"));
	}

	private String url() {
		return "http://127.0.0.1:" + this.port + "/graphql";
	}

	private HttpGraphQlTester graphQl(String token) {
		return HttpGraphQlTester.builder(WebTestClient.bindToServer().responseTimeout(PATIENCE).baseUrl(url()))
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.build();
	}

}
