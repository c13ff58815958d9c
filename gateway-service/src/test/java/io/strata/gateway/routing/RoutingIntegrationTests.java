package io.strata.gateway.routing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Routes through the real gateway to a stand-in service that answers with the service's
 * name, so each path is seen to reach the module that owns it (ARCHITECTURE.md section
 * 1).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@StrataServers(Server.REDIS)
class RoutingIntegrationTests {

	static final Map<String, HttpServer> services = Stream.of("identity", "workflow", "analytics", "ml", "notification")
		.collect(Collectors.toMap(Function.identity(), RoutingIntegrationTests::start));

	static final TestTokens tokens = TestTokens.start();

	static final String[] ALL_SCOPES = { "resources.read", "resources.write", "analytics.read", "webhooks.read",
			"webhooks.write", "ml.read", "ml.write" };

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("strata.security.jwks-uri", tokens::jwksUri);
		registry.add("strata.security.issuer", () -> TestTokens.ISSUER);
		services.forEach((name, server) -> registry.add("strata.gateway.services." + name,
				() -> "http://127.0.0.1:" + server.getAddress().getPort()));
	}

	@AfterAll
	static void stop() {
		services.values().forEach((server) -> server.stop(0));
		tokens.close();
	}

	@Autowired
	WebTestClient client;

	@Test
	void eachPathReachesItsOwningService() {
		expectRoute("GET", "/v2/users/u-1", "identity");
		expectRoute("POST", "/v2/auth/login", "identity");
		expectRoute("POST", "/v2/api-keys", "identity");
		expectRoute("DELETE", "/v2/api-keys/k-1", "identity");
		expectRoute("GET", "/.well-known/openid-configuration", "identity");
		expectRoute("GET", "/scim/v2/Users", "identity");
		expectRoute("POST", "/v2/resources", "workflow");
		expectRoute("GET", "/v2/resources/r-1", "workflow");
		expectRoute("POST", "/v2/resources/actions", "workflow");
		expectRoute("GET", "/v2/operations/o-1", "workflow");
		expectRoute("GET", "/v2/resources", "analytics");
		expectRoute("GET", "/v2/analytics/metrics", "analytics");
		expectRoute("POST", "/v2/ml/models", "ml");
		expectRoute("POST", "/v2/webhooks/register", "notification");
	}

	@Test
	void unknownPathIsNotFoundProblemWithTraceId() {
		this.client.get()
			.uri("/v2/unknown")
			.header("Authorization", "Bearer " + tokens.token("tenant-routing"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/not-found")
			.jsonPath("$.traceId")
			.isNotEmpty();
	}

	@Test
	void defaultRoutesAskForTheirDomainsScopeReadOrWrite() {
		String readOnly = tokens.token("tenant-routing", "resources.read");
		expectStatus("GET", "/v2/resources/r-1", readOnly, 200);
		expectStatus("GET", "/v2/resources", readOnly, 200);
		expectStatus("GET", "/v2/notifications/stream", readOnly, 200);
		expectStatus("POST", "/v2/resources", readOnly, 403);
		expectStatus("POST", "/v2/resources/actions", readOnly, 403);
		expectStatus("GET", "/v2/webhooks", readOnly, 403);
		expectStatus("GET", "/v2/analytics/metrics", readOnly, 403);
		expectStatus("GET", "/v2/ml/models", readOnly, 403);
		String webhooksReader = tokens.token("tenant-routing", "webhooks.read");
		expectStatus("GET", "/v2/webhooks", webhooksReader, 200);
		expectStatus("POST", "/v2/webhooks/register", webhooksReader, 403);
		// write implies read
		expectStatus("GET", "/v2/webhooks", tokens.token("tenant-routing", "webhooks.write"), 200);
		// identity checks rights per endpoint itself: no route scope
		String noScopes = tokens.token("tenant-routing");
		expectStatus("GET", "/v2/users/u-1", noScopes, 200);
		expectStatus("GET", "/v2/resources/r-1", noScopes, 403);
	}

	@Test
	void authPublicPathsNeedNoToken() {
		for (String path : new String[] { "/v2/auth/login", "/v2/auth/mfa/verify", "/v2/auth/refresh",
				"/v2/auth/password-reset", "/v2/invitations/accept" }) {
			expectStatus("POST", path, null, 200);
		}
		expectStatus("GET", "/login", null, 200);
		expectStatus("GET", "/scim/v2/Users", null, 200);
		expectStatus("POST", "/v2/invitations", null, 401);
	}

	private void expectRoute(String method, String path, String service) {
		this.client.method(HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + tokens.token("tenant-routing", ALL_SCOPES))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo(service + " " + method + " " + path);
	}

	private void expectStatus(String method, String path, String token, int status) {
		WebTestClient.RequestHeadersSpec<?> request = this.client.method(HttpMethod.valueOf(method)).uri(path);
		if (token != null) {
			request = request.header("Authorization", "Bearer " + token);
		}
		request.exchange().expectStatus().isEqualTo(status);
	}

	/** A stand-in for one service: answers "<service> <method> <path>". */
	private static HttpServer start(String name) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				String body = name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
				byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
