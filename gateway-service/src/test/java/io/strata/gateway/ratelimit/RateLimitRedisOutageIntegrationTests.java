package io.strata.gateway.ratelimit;

import java.io.IOException;
import java.net.ServerSocket;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis gone (the gateway points at a port nothing listens on): requests still flow,
 * limited by the local fallback bucket, and the outage shows in metrics and logs; a
 * request with an Idempotency-Key is refused (503) rather than run without the store.
 */
@StrataServers(Server.KAFKA)
@ExtendWith(OutputCaptureExtension.class)
class RateLimitRedisOutageIntegrationTests extends GatewayIntegrationTest {

	@DynamicPropertySource
	static void deadRedis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.port", RateLimitRedisOutageIntegrationTests::freePort);
		registry.add("spring.data.redis.timeout", () -> "200ms");
		registry.add("spring.data.redis.connect-timeout", () -> "200ms");
	}

	@Autowired
	MeterRegistry meters;

	@Test
	void localFallbackKeepsServingAndLimiting(CapturedOutput output) {
		String token = TOKENS.token("tenant-tiny");
		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/v2/users/u-1")
				.header(HttpHeaders.AUTHORIZATION, bearer(token))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.exists("RateLimit");
		}
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);
		assertThat(this.meters.get("strata.gateway.ratelimit.fallback").tag("mode", "local").counter().count())
			.isGreaterThanOrEqualTo(6);
		assertThat(output).contains("Redis unreachable for rate limits");
	}

	@Test
	void idempotentRequestsAreRefusedRatherThanRunUnguarded(CapturedOutput output) {
		int callsBefore = ECHO.calls();
		this.client.post()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.write")))
			.header("Idempotency-Key", "outage-1")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"type\":\"note\",\"attributes\":{}}")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/idempotency-unavailable");
		assertThat(ECHO.calls()).isEqualTo(callsBefore);
		assertThat(output).contains("Idempotency store (Redis) unreachable");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
