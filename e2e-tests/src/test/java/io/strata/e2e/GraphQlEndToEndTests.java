package io.strata.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GraphQL as an app uses it, through the gateway of the running platform: sign in as the
 * development admin, define a resource type over REST, then create, read (with its type),
 * list, update, refuse a stale update, run an action and follow its operation, all at
 * {@code /graphql}, resolved by workflow and analytics over gRPC.
 */
class GraphQlEndToEndTests {

	private static String token;

	@BeforeAll
	static void signIn() throws Exception {
		PlatformHealthEndToEndTests.up();
		JsonNode credentials = AppJourneyEndToEndTests.json
			.readTree(Files.readString(PlatformHealthEndToEndTests.ROOT.resolve(".strata/data/credentials.json")));
		HttpResponse<String> login = AppJourneyEndToEndTests.send("POST", "/v2/auth/login",
				"""
						{"email": "%s", "password": "%s", "tenant_id": "%s"}""".formatted(
						credentials.path("admin_email").asString(), credentials.path("admin_password").asString(),
						credentials.path("tenant_id").asString()),
				null);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		token = AppJourneyEndToEndTests.json.readTree(login.body()).path("access_token").asString();
		assertThat(token).isNotBlank();
	}

	@Test
	void createReadListUpdateActAndFollowTheOperation() throws Exception {
		String type = "gql_" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = AppJourneyEndToEndTests.send("POST", "/v2/resource-types",
				"""
						{"name": "%s",
						 "schema": {"type": "object", "required": ["title"],
						            "properties": {"title": {"type": "string", "maxLength": 200},
						                           "priority": {"type": "integer", "minimum": 1, "maximum": 5}}},
						 "lifecycle": {"initial": "open", "states": ["open", "approved"],
						               "actions": {"approve": {"from": ["open"], "to": "approved",
						                                       "input_schema": {"type": "object"},
						                                       "workflow": {"steps": [{"name": "stamp", "type": "resource.set",
						                                                               "input": {"attributes": {"approved_by": "input.approver"}}}]}}}}}
						"""
					.formatted(type),
				token);
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);

		JsonNode me = graphQl("{ me { tenantId scopes } }", Map.of());
		assertThat(me.path("errors").isMissingNode()).as(me.toString()).isTrue();
		assertThat(me.path("data").path("me").path("scopes").toString()).contains("resources.write");

		JsonNode created = graphQl("""
				mutation($type: String!) {
				  createResource(input: {type: $type, attributes: {title: "Broken login", priority: 2}}) {
				    id state etag attributes
				  }
				}""", Map.of("type", type));
		assertThat(created.path("errors").isMissingNode()).as(created.toString()).isTrue();
		JsonNode resource = created.path("data").path("createResource");
		String id = resource.path("id").asString();
		assertThat(resource.path("state").asString()).isEqualTo("open");
		assertThat(resource.path("attributes").path("priority").asInt()).isEqualTo(2);
		String etag = resource.path("etag").asString();

		JsonNode invalid = graphQl("""
				mutation($type: String!) {
				  createResource(input: {type: $type, attributes: {priority: 9}}) { id }
				}""", Map.of("type", type));
		assertThat(invalid.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("BAD_USER_INPUT");

		JsonNode read = graphQl("""
				query($id: ID!) {
				  resource(id: $id) { id type attributes resourceType { name version schema lifecycle } }
				}""", Map.of("id", id));
		assertThat(read.path("errors").isMissingNode()).as(read.toString()).isTrue();
		assertThat(read.path("data").path("resource").path("resourceType").path("name").asString()).isEqualTo(type);
		assertThat(read.path("data").path("resource").path("resourceType").path("lifecycle").path("initial").asString())
			.isEqualTo("open");

		// the search read model has the write within a second or so
		assertThat(AppJourneyEndToEndTests.eventually(() -> graphQl("""
				query($filter: String) {
				  resources(filter: $filter, first: 10) {
				    edges { cursor node { id resourceType { name } } }
				    pageInfo { hasNextPage endCursor }
				  }
				}""", Map.of("filter", "type = \"" + type + "\"")).toString(), (body) -> body.contains(id)))
			.as("listed through the resources connection")
			.isTrue();

		JsonNode updated = graphQl("""
				mutation($id: ID!, $ifMatch: String!) {
				  updateResource(id: $id, attributes: {priority: 3}, ifMatch: $ifMatch) { etag attributes }
				}""", Map.of("id", id, "ifMatch", etag));
		assertThat(updated.path("errors").isMissingNode()).as(updated.toString()).isTrue();
		assertThat(updated.path("data").path("updateResource").path("attributes").path("priority").asInt())
			.isEqualTo(3);
		assertThat(updated.path("data").path("updateResource").path("etag").asString()).isNotEqualTo(etag);

		JsonNode stale = graphQl("""
				mutation($id: ID!, $ifMatch: String!) {
				  updateResource(id: $id, attributes: {priority: 4}, ifMatch: $ifMatch) { etag }
				}""", Map.of("id", id, "ifMatch", etag));
		assertThat(stale.path("errors").get(0).path("extensions").path("code").asString())
			.isEqualTo("PRECONDITION_FAILED");
		assertThat(stale.path("errors").get(0).path("extensions").path("status").asInt()).isEqualTo(412);

		JsonNode action = graphQl("""
				mutation($id: ID!) {
				  runAction(input: {resourceId: $id, action: "approve", input: {approver: "ops"}}) { id status toState }
				}""", Map.of("id", id));
		assertThat(action.path("errors").isMissingNode()).as(action.toString()).isTrue();
		String operation = action.path("data").path("runAction").path("id").asString();
		assertThat(action.path("data").path("runAction").path("toState").asString()).isEqualTo("approved");

		Instant deadline = Instant.now().plusSeconds(30);
		String status = "";
		while (Instant.now().isBefore(deadline) && !status.equals("completed")) {
			status = graphQl("query($id: ID!) { operation(id: $id) { status finishedAt } }", Map.of("id", operation))
				.path("data")
				.path("operation")
				.path("status")
				.asString();
			if (!status.equals("completed")) {
				Thread.sleep(200);
			}
		}
		assertThat(status).isEqualTo("completed");
		JsonNode after = graphQl("query($id: ID!) { resource(id: $id) { state attributes } }", Map.of("id", id));
		assertThat(after.path("data").path("resource").path("state").asString()).isEqualTo("approved");
		assertThat(after.path("data").path("resource").path("attributes").path("approved_by").asString())
			.isEqualTo("ops");
	}

	@Test
	void withoutATokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = post("{\"query\": \"{ me { tenantId } }\"}", null);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private static JsonNode graphQl(String query, Map<String, Object> variables) throws Exception {
		String body = AppJourneyEndToEndTests.json.writeValueAsString(Map.of("query", query, "variables", variables));
		HttpResponse<String> response = post(body, token);
		assertThat(response.statusCode()).as(response.body()).isIn(200, 400);
		return AppJourneyEndToEndTests.json.readTree(response.body());
	}

	private static HttpResponse<String> post(String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(AppJourneyEndToEndTests.GATEWAY + "/graphql"))
			.timeout(Duration.ofSeconds(15))
			.header("Content-Type", "application/json")
			.header("Accept", "application/graphql-response+json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return AppJourneyEndToEndTests.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
