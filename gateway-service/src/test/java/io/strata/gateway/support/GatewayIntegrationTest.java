package io.strata.gateway.support;

import java.util.UUID;

import io.strata.gateway.idempotency.IdempotencyGatewayFilterFactory;
import io.strata.gateway.ratelimit.RateLimitGatewayFilterFactory;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The one gateway context the integration tests share: every service behind it is the
 * {@link EchoService}, identity's JWKS is the {@link KeyRing} (test-support's
 * {@link TestTokens} keys included), identity's and workflow's gRPC are
 * {@link GrpcStandIns} (and, for GraphQL, {@link GraphQlBackends}); Redis and Kafka are
 * the real local servers. Subclasses that add no annotations or properties of their own
 * reuse the same context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@StrataServers({ Server.REDIS, Server.KAFKA })
@Import(GatewayIntegrationTest.TestRoutes.class)
// every test calls from 127.0.0.1, many with forged credentials on purpose: only
// BadCredentialsIntegrationTests (a dynamic property, which wins) runs out of them
@TestPropertySource(properties = "strata.gateway.auth.bad-credentials.burst=1000000")
public abstract class GatewayIntegrationTest {

	protected static final TestTokens TOKENS = TestTokens.start();

	protected static final KeyRing KEYS = KeyRing.start(TOKENS);

	protected static final EchoService ECHO = EchoService.start();

	protected static final GrpcStandIns GRPC = GrpcStandIns.start();

	/** What GraphQL resolves through: workflow's and analytics' gRPC services. */
	protected static final GraphQlBackends GRAPHQL_BACKENDS = GraphQlBackends.start();

	/** Redis keys of this JVM's tests never meet another run's. */
	protected static final String REDIS_PREFIX = "gwtest:" + UUID.randomUUID().toString().substring(0, 8) + ":";

	@Autowired
	protected WebTestClient client;

	@LocalManagementPort
	protected int managementPort;

	@DynamicPropertySource
	static void gateway(DynamicPropertyRegistry registry) {
		for (String service : new String[] { "identity", "workflow", "analytics", "ml", "notification" }) {
			registry.add("strata.gateway.services." + service, ECHO::url);
		}
		registry.add("strata.security.jwks-uri", KEYS::jwksUri);
		registry.add("strata.security.issuer", () -> TestTokens.ISSUER);
		registry.add("management.server.port", () -> "0");
		registry.add("strata.gateway.auth.identity-grpc", GRPC::target);
		registry.add("strata.gateway.auth.jwks-refresh-min-interval", () -> "1s");
		registry.add("strata.gateway.auth.api-key-cache-ttl", () -> "2s");
		registry.add("strata.gateway.tenant-status.max-staleness", () -> "1s");
		registry.add("strata.gateway.validation.workflow-grpc", GRPC::target);
		registry.add("strata.gateway.graphql.workflow-grpc", GRAPHQL_BACKENDS::target);
		registry.add("strata.gateway.graphql.analytics-grpc", GRAPHQL_BACKENDS::target);
		registry.add("strata.gateway.graphql.notification-grpc", GRAPHQL_BACKENDS::target);
		registry.add("strata.gateway.redis-key-prefix", () -> REDIS_PREFIX);
		registry.add("strata.gateway.headers.cors-allowed-origins", () -> "https://app.example.com");
		registry.add("strata.gateway.rate-limit.plans.tiny.burst", () -> "5");
		registry.add("strata.gateway.rate-limit.plans.tiny.per-second", () -> "0.5");
		registry.add("strata.gateway.rate-limit.tenants.tenant-tiny", () -> "tiny");
		registry.add("strata.gateway.rate-limit.plans.bulk.burst", () -> "1000000");
		registry.add("strata.gateway.rate-limit.plans.bulk.per-second", () -> "1000000");
		registry.add("strata.gateway.rate-limit.tenants.tenant-bulk", () -> "bulk");
		// the build machine is shared and loaded: a slow Redis answer must not switch the
		// limiter to its local fallback in the middle of a correctness test
		registry.add("strata.gateway.rate-limit.redis-timeout", () -> "5s");
	}

	/** A fresh tenant id: tests never share rate-limit buckets or idempotency keys. */
	protected static String newTenant() {
		return "t-" + UUID.randomUUID();
	}

	/** Actuator (health, Prometheus) on the management port. */
	protected WebTestClient management() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.managementPort).build();
	}

	protected static String bearer(String token) {
		return "Bearer " + token;
	}

	/**
	 * Routes only tests use, all to the echo service: a scoped one, an expensive one, a
	 * plain one (authentication only, no edge policies: the benchmark's middle row), one
	 * with idempotency alone (no body validation) and a deprecated one.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class TestRoutes {

		@Bean
		RouteLocator testRoutes(RouteLocatorBuilder routes, RateLimitGatewayFilterFactory rateLimit,
				IdempotencyGatewayFilterFactory idempotency) {
			// routes of the Java DSL do not get the default filters of the configuration
			GatewayFilter limited = rateLimit.apply(new RateLimitGatewayFilterFactory.Config());
			return routes.routes()
				.route("test-scoped",
						(route) -> route.path("/test/scoped/**").metadata("scopes", "resources.write").uri(ECHO.url()))
				.route("test-expensive",
						(route) -> route.path("/test/expensive/**")
							.filters((filters) -> filters.filter(limited))
							.metadata("rate-limit-cost", 5)
							.uri(ECHO.url()))
				.route("test-plain", (route) -> route.path("/test/plain/**").uri(ECHO.url()))
				.route("test-idempotent",
						(route) -> route.path("/test/idempotent/**")
							.filters((filters) -> filters.filter(idempotency.apply(new Object())))
							.uri(ECHO.url()))
				.route("test-deprecated",
						(route) -> route.path("/test/deprecated/**")
							.metadata("deprecated", "2025-01-01T00:00:00Z")
							.metadata("sunset", "2026-12-31T00:00:00Z")
							.metadata("migration", "https://docs.strata.io/migrations/v3")
							.uri(ECHO.url()))
				.build();
		}

	}

}
