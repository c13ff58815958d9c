package io.strata.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an app does on a freshly started platform, only through the gateway: sign in as
 * the development admin that {@code ./strata up} created, define a resource type, create
 * a resource, run an action on it and follow the operation to completion.
 */
class AppJourneyEndToEndTests {

	static final String GATEWAY = PlatformHealthEndToEndTests.GATEWAY;

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static final JsonMapper json = JsonMapper.builder().build();

	static String token;

	/** Every secret this journey saw: none may appear in any log of the platform. */
	static final Set<String> secrets = ConcurrentHashMap.newKeySet();

	@BeforeAll
	static void signIn() throws Exception {
		PlatformHealthEndToEndTests.up();
		JsonNode credentials = json
			.readTree(Files.readString(PlatformHealthEndToEndTests.ROOT.resolve(".strata/data/credentials.json")));
		HttpResponse<String> login = send("POST", "/v2/auth/login",
				"""
						{"email": "%s", "password": "%s", "tenant_id": "%s"}""".formatted(
						credentials.path("admin_email").asString(), credentials.path("admin_password").asString(),
						credentials.path("tenant_id").asString()),
				null);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		token = json.readTree(login.body()).path("access_token").asString();
		assertThat(token).isNotBlank();
		secrets.add(credentials.path("admin_password").asString());
		secrets.add(token);
		secrets.add(json.readTree(login.body()).path("refresh_token").asString());
	}

	@AfterAll
	static void noSecretReachedALog() throws Exception {
		try (Stream<Path> logs = Files.list(PlatformHealthEndToEndTests.ROOT.resolve(".strata/logs"))) {
			for (Path log : logs.filter((file) -> file.toString().endsWith(".log")).toList()) {
				String text = Files.readString(log, StandardCharsets.ISO_8859_1);
				for (String secret : secrets) {
					if (secret.length() >= 8) {
						assertThat(text).as("a secret in %s", log.getFileName()).doesNotContain(secret);
					}
				}
			}
		}
	}

	@Test
	void defineCreateActAndFollowTheOperation() throws Exception {
		String type = "ticket_" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> defined = send("POST", "/v2/resource-types",
				"""
						{"name": "%s",
						 "schema": {"type": "object", "required": ["title"],
						            "properties": {"title": {"type": "string", "maxLength": 200},
						                           "priority": {"type": "integer", "minimum": 1, "maximum": 5}}},
						 "lifecycle": {"initial": "open", "states": ["open", "approved", "closed"],
						               "actions": {"approve": {"from": ["open"], "to": "approved",
						                                       "input_schema": {"type": "object"},
						                                       "workflow": {"steps": [{"name": "stamp", "type": "resource.set",
						                                                               "input": {"attributes": {"approved_by": "input.approver"}}}]}}}}}
						"""
					.formatted(type),
				token);
		assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);

		HttpResponse<String> invalid = send("POST", "/v2/resources",
				"{\"type\": \"%s\", \"attributes\": {\"priority\": 9}}".formatted(type), token);
		assertThat(invalid.statusCode()).as(invalid.body()).isEqualTo(400);
		assertThat(invalid.body()).contains("/attributes");

		Receiver receiver = Receiver.start();
		HttpResponse<String> registered = send("POST", "/v2/webhooks/register", """
				{"url": "%s", "event_types": ["resource.*"], "description": "e2e"}""".formatted(receiver.url()), token);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String secret = json.readTree(registered.body()).path("secret").asString();
		secrets.add(secret);

		HttpResponse<String> created = send("POST", "/v2/resources",
				"{\"type\": \"%s\", \"attributes\": {\"title\": \"Broken login\", \"priority\": 2}}".formatted(type),
				token);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode resource = json.readTree(created.body());
		String id = resource.path("id").asString();
		assertThat(resource.path("state").asString()).isEqualTo("open");

		// the write reaches search (analytics) and a signed webhook (notification)
		// through Kafka
		String filter = java.net.URLEncoder.encode("type = \"" + type + "\"", java.nio.charset.StandardCharsets.UTF_8);
		assertThat(eventually(() -> send("GET", "/v2/resources?filter=" + filter, null, token).body(),
				(body) -> body.contains(id)))
			.as("searchable")
			.isTrue();
		Receiver.Delivery delivery = receiver.await((body) -> body.contains(id), Duration.ofSeconds(30));
		assertThat(delivery).as("webhook for the new resource").isNotNull();
		assertThat(delivery.signatureValid(secret)).isTrue();
		assertThat(json.readTree(delivery.body()).path("type").asString()).isEqualTo("resource.created");
		receiver.stop();

		HttpResponse<String> read = send("GET", "/v2/resources/" + id, null, token);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat(read.headers().firstValue("ETag")).isPresent();

		HttpResponse<String> action = send("POST", "/v2/resources/actions",
				"{\"action\": \"approve\", \"resource_ids\": [\"%s\"], \"input\": {\"approver\": \"ops\"}}"
					.formatted(id),
				token);
		assertThat(action.statusCode()).as(action.body()).isEqualTo(202);
		String operation = json.readTree(action.body()).path("operations").get(0).path("id").asString();

		Instant deadline = Instant.now().plusSeconds(30);
		String status = "";
		while (Instant.now().isBefore(deadline) && !status.equals("completed")) {
			status = json.readTree(send("GET", "/v2/operations/" + operation, null, token).body())
				.path("status")
				.asString();
			Thread.sleep(200);
		}
		assertThat(status).isEqualTo("completed");
		JsonNode approved = json.readTree(send("GET", "/v2/resources/" + id, null, token).body());
		assertThat(approved.path("state").asString()).isEqualTo("approved");
		assertThat(approved.path("attributes").path("approved_by").asString()).isEqualTo("ops");
	}

	@Test
	void usersAreListedForTheSignedInAdminAndRefusedWithoutAToken() throws Exception {
		HttpResponse<String> users = send("GET", "/v2/users", null, token);
		assertThat(users.statusCode()).as(users.body()).isEqualTo(200);
		HttpResponse<String> anonymous = send("GET", "/v2/users", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void aBackEndCallsWithAnApiKeyAndAForgedKeyIsRefused() throws Exception {
		HttpResponse<String> created = send("POST", "/v2/api-keys",
				"{\"name\": \"e2e back end\", \"scopes\": [\"resources.read\"]}", token);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode key = json.readTree(created.body());
		assertThat(key.path("key").asString()).startsWith("sk_");
		secrets.add(key.path("key").asString());

		HttpResponse<String> withKey = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v2/resource-types"))
			.header("X-API-Key", key.path("key").asString())
			.timeout(Duration.ofSeconds(15))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(200);

		// the key may read resources, not change them: the workflow route asks for
		// resources.write
		HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v2/resource-types"))
			.header("X-API-Key", key.path("key").asString())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"e2e-denied\", \"schema\": {}}"))
			.timeout(Duration.ofSeconds(15))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(write.statusCode()).as(write.body()).isEqualTo(403);

		HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(GATEWAY + "/v2/resource-types"))
			.header("X-API-Key", "sk_" + "0".repeat(43))
			.timeout(Duration.ofSeconds(15))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).isEqualTo(401);
	}

	@Test
	void aBrowserAppStartsSignInThroughTheGatewayAndLandsOnTheLoginPage() throws Exception {
		HttpResponse<String> registered = send("POST", "/v2/clients", """
				{"name": "e2e web app", "type": "public", "redirect_uris": ["http://127.0.0.1:9/callback"],
				 "scopes": ["resources.read"]}""", token);
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		String clientId = json.readTree(registered.body()).path("client_id").asString();

		// the browser keeps identity's session cookie; every hop stays on the gateway's
		// address
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new java.net.CookieManager())
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		String authorize = "/oauth2/authorize?response_type=code&client_id=" + clientId
				+ "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcallback&scope=resources.read&state=e2e"
				+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
		HttpResponse<String> page = browser.send(
				HttpRequest.newBuilder(URI.create(GATEWAY + authorize)).timeout(Duration.ofSeconds(15)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
		assertThat(page.uri().toString()).startsWith(GATEWAY + "/login");
		assertThat(page.body()).contains("<label for=\"email\">", "<label for=\"password\">", "_csrf");
	}

	@Test
	void unknownRouteIsNotFoundProblemForASignedInCaller() throws Exception {
		HttpResponse<String> response = send("GET", "/v2/no-such-thing", null, token);
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("type").asString()).isEqualTo("https://strata.io/problems/not-found");
		assertThat(problem.path("traceId").asString()).isNotBlank();
	}

	static boolean eventually(java.util.concurrent.Callable<String> probe,
			java.util.function.Predicate<String> condition) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (condition.test(probe.call())) {
				return true;
			}
			Thread.sleep(200);
		}
		return false;
	}

	static HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.timeout(Duration.ofSeconds(15))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		ApiContract.check(method, path, response);
		return response;
	}

}
