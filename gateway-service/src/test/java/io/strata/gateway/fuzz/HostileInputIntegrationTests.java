package io.strata.gateway.fuzz;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz-style: malformed, oversized and deeply nested bodies and hostile headers against
 * every route, with and without credentials. Whatever the gateway answers, it is never a
 * 5xx (the stand-in services answer 200, so a 5xx could only come from the gateway).
 */
class HostileInputIntegrationTests extends GatewayIntegrationTest {

	private static final String[] PATHS = { "/v2/users", "/v2/auth/login", "/v2/auth/refresh", "/oauth2/token",
			"/.well-known/openid-configuration", "/v2/tenants/t-1", "/scim/v2/Users", "/v2/audit/events",
			"/v2/resource-types", "/v2/resources", "/v2/resources/r-1", "/v2/resources/actions", "/v2/operations/o-1",
			"/v2/workflows", "/v2/analytics/metrics", "/v2/ml/models", "/v2/webhooks/register",
			"/v2/notifications/stream", "/v2/nowhere", "/docs" };

	@Test
	void nothingAnswers5xx() {
		Random random = new Random(42);
		List<byte[]> bodies = new ArrayList<>();
		bodies.add("{".getBytes(StandardCharsets.UTF_8));
		bodies.add("[".repeat(200_000).getBytes(StandardCharsets.UTF_8));
		bodies.add(("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
		bodies.add(new byte[1024 * 1024 + 10]);
		bodies.add("{\"email\":\"\\ud800\",\"roles\":[null,1e999999,-0]}".getBytes(StandardCharsets.UTF_8));
		bodies.add("\"just a string\"".getBytes(StandardCharsets.UTF_8));
		bodies.add(
				"{\"type\":{\"$ref\":\"http://169.254.169.254/\"},\"attributes\":[]}".getBytes(StandardCharsets.UTF_8));
		byte[] noise = new byte[4096];
		random.nextBytes(noise);
		bodies.add(noise);
		String[] contentTypes = { "application/json", "application/x-www-form-urlencoded", "text/plain",
				"application/merge-patch+json", "application/json-seq", "application/xml" };
		// a plan without practical limit, so every request reaches the policies under
		// test
		String token = TOKENS.token("tenant-bulk", "resources.read resources.write");
		int requests = 0;
		for (String path : PATHS) {
			for (HttpMethod method : new HttpMethod[] { HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH }) {
				for (int i = 0; i < bodies.size(); i++) {
					String contentType = contentTypes[i % contentTypes.length];
					int status = this.client.method(method)
						.uri(path)
						.header(HttpHeaders.AUTHORIZATION, (i % 3 == 0) ? "Bearer sk_" + "x".repeat(i) : bearer(token))
						.header(HttpHeaders.CONTENT_TYPE, contentType)
						.header("Idempotency-Key", (i % 2 == 0) ? "k" + i : "\u00ff".repeat(300))
						.header("X-Tenant-Id", "../../etc/passwd")
						.header("X-Request-Id", "<script>" + "a".repeat(500))
						.header("traceparent", "00-zzzz-bad-99")
						.header("Forwarded", "for=\"[::1]\";proto=gopher")
						.bodyValue(bodies.get(i))
						.exchange()
						.returnResult(String.class)
						.getStatus()
						.value();
					requests++;
					assertThat(status).as("%s %s body #%d", method, path, i).isLessThan(500);
				}
			}
			int status = this.client.get()
				.uri(path + "?page_size=-1&filter=%00%ff&" + "x=".repeat(200))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + "e".repeat(7000))
				.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			assertThat(status).as("GET %s", path).isLessThan(500);
		}
		assertThat(requests).isEqualTo(PATHS.length * 3 * bodies.size());
	}

	@LocalServerPort
	int port;

	@Test
	void aPathTheFirewallRefusesIsAProblemNotAnEmptyAnswer() {
		String token = TOKENS.token("tenant-bulk", "resources.read resources.write");
		for (String path : new String[] { "/v2/resources/%3Babc", "/v2/ml/models/a%3B/aliases/b",
				"/v2/resources/a%2F..%2Fb" }) {
			this.client.delete()
				.uri(URI.create("http://127.0.0.1:" + this.port + path))
				.header(HttpHeaders.AUTHORIZATION, bearer(token))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://strata.io/problems/malformed-path");
		}
	}

}
