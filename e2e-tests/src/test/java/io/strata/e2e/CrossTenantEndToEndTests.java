package io.strata.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.GATEWAY;
import static io.strata.e2e.AppJourneyEndToEndTests.http;
import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another tenant's caller against the first tenant's ids, on every route of every
 * service's OpenAPI document (so routes added later are walked too): an item route
 * answers 404 (or refuses the request), never 2xx and never 5xx; a list never carries a
 * foreign id.
 */
class CrossTenantEndToEndTests {

	/** Sign-in flows, protocol endpoints and streams: not data routes of a tenant. */
	private static final Pattern SKIPPED = Pattern
		.compile("^/(oauth2|login|scim|\\.well-known)(/.*)?$|^/v2/auth/.*|.*/stream$|^/v2/invitations/accept$");

	private static final Set<Integer> REFUSALS = Set.of(400, 403, 404, 405, 409, 410, 412, 415, 422);

	/** The first tenant's ids, by kind. */
	static final Map<String, String> ownIds = new LinkedHashMap<>();

	static String owner;

	static String intruder;

	@BeforeAll
	static void twoTenants() throws Exception {
		AppJourneyEndToEndTests.signIn();
		owner = AppJourneyEndToEndTests.token;
		String type = "xt_" + UUID.randomUUID().toString().substring(0, 8);
		created("resource_type", AppJourneyEndToEndTests.send("POST", "/v2/resource-types", """
				{"name": "%s", "schema": {"type": "object"}, "lifecycle": {"initial": "open", "states": ["open"]}}"""
			.formatted(type), owner), "name");
		created("resource", AppJourneyEndToEndTests.send("POST", "/v2/resources", """
				{"type": "%s", "attributes": {"title": "owner's secret plans"}}""".formatted(type), owner), "id");
		created("webhook", AppJourneyEndToEndTests.send("POST", "/v2/webhooks/register", """
				{"url": "http://127.0.0.1:9/never", "event_types": ["resource.*"]}""", owner), "id");
		created("api_key", AppJourneyEndToEndTests.send("POST", "/v2/api-keys",
				"{\"name\": \"xt\", \"scopes\": [\"resources.read\"]}", owner), "id");
		created("group", AppJourneyEndToEndTests.send("POST", "/v2/groups", "{\"name\": \"xt-" + type + "\"}", owner),
				"id");
		created("user", AppJourneyEndToEndTests.send("POST", "/v2/users", """
				{"email": "%s@example.com", "password": "correct horse battery staple", "roles": ["member"]}"""
			.formatted(type), owner), "id");
		created("client",
				AppJourneyEndToEndTests.send("POST", "/v2/clients",
						"{\"name\": \"xt\", \"type\": \"service\", \"scopes\": [\"resources.read\"]}", owner),
				"client_id");

		// the second tenant, as an operator makes one
		intruder = NewTenant.signInAdmin(owner);
		ownIds.put("tenant", json
			.readTree(Files.readString(PlatformHealthEndToEndTests.ROOT.resolve(".strata/data/credentials.json")))
			.path("tenant_id")
			.asString());
	}

	@Test
	void anotherTenantNeverReachesTheFirstTenantsData() throws Exception {
		// the ids are real: their owner reads them
		assertThat(call("GET", "/v2/resources/" + ownIds.get("resource"), owner).statusCode()).isEqualTo(200);
		List<String> findings = new ArrayList<>();
		int walked = 0;
		for (String service : PlatformHealthEndToEndTests.SERVICES) {
			JsonNode document = json.readTree(call("GET", "/docs/" + service + "/v3/api-docs", null).body());
			for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
				if (SKIPPED.matcher(path.getKey()).matches()) {
					continue;
				}
				for (String method : path.getValue().propertyNames()) {
					walked += walk(method.toUpperCase(), path.getKey(), findings);
				}
			}
		}
		assertThat(walked).as("requests walked").isGreaterThan(50);
		assertThat(findings).isEmpty();
	}

	private static int walk(String method, String template, List<String> findings) {
		Matcher parameter = Pattern.compile("\\{[^}]+}").matcher(template);
		if (!parameter.find()) {
			if (method.equals("GET")) {
				HttpResponse<String> response = call(method, template, intruder);
				judgeList(method + " " + template, response, findings);
				return 1;
			}
			return 0;
		}
		int walked = 0;
		for (Map.Entry<String, String> own : ownIds.entrySet()) {
			String path = template.replaceAll("\\{[^}]+}",
					Matcher.quoteReplacement(URLEncoder.encode(own.getValue(), StandardCharsets.UTF_8)));
			HttpResponse<String> response = call(method, path, intruder);
			walked++;
			int status = response.statusCode();
			if (status >= 500 || (status < 400 && !isPermittedAnswer(method, template, response))) {
				findings.add(method + " " + path + " (" + own.getKey() + ") -> " + status + " " + abbreviate(response));
			}
			else if (!REFUSALS.contains(status) && status >= 400) {
				findings.add(method + " " + path + " (" + own.getKey() + ") -> unexpected " + status);
			}
		}
		return walked;
	}

	/**
	 * A 2xx is acceptable only when the answer is about the caller's own tenant and
	 * carries none of the first tenant's ids (e.g. an empty member list).
	 */
	private static boolean isPermittedAnswer(String method, String template, HttpResponse<String> response) {
		return method.equals("GET") && !containsOwnId(response.body()) && template.endsWith("/members");
	}

	private static void judgeList(String route, HttpResponse<String> response, List<String> findings) {
		if (response.statusCode() >= 500) {
			findings.add(route + " -> " + response.statusCode());
		}
		else if (containsOwnId(response.body())) {
			findings.add(route + " shows the first tenant's data: " + abbreviate(response));
		}
	}

	private static boolean containsOwnId(String body) {
		return ownIds.values().stream().anyMatch(body::contains);
	}

	/** One request; a rate-limited one is sent again once Retry-After has passed. */
	private static HttpResponse<String> call(String method, String path, String bearer) {
		return await().atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.pollDelay(Duration.ZERO)
			.until(() -> send(method, path, bearer), (response) -> response.statusCode() != 429);
	}

	private static HttpResponse<String> send(String method, String path, String bearer) throws Exception {
		boolean withBody = !method.equals("GET") && !method.equals("DELETE");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
			.timeout(Duration.ofSeconds(15))
			.header("If-Match", "\"1\"")
			.method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
		if (withBody) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		ApiContract.check(method, path, response);
		return response;
	}

	private static void created(String kind, HttpResponse<String> response, String idField) {
		assertThat(response.statusCode()).as(kind + ": " + response.body()).isIn(200, 201);
		ownIds.put(kind, json.readTree(response.body()).path(idField).asString());
	}

	private static String abbreviate(HttpResponse<String> response) {
		String body = response.body();
		return (body.length() > 200) ? body.substring(0, 200) + "…" : body;
	}

}
