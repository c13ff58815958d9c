package io.strata.gateway.metrics;

import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.KeyRing;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of rejection the edge answers itself moves
 * {@code strata.gateway.rejections{reason,route}}: auth (401 and 403), rate limit,
 * validation and idempotency, each tagged with the route the request was meant for.
 */
class RejectionMetricsIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	MeterRegistry registry;

	@Test
	void missingOrInvalidCredentialsCountAsAuthOnTheirRoute() {
		double before = rejections("auth", "identity");
		this.client.get().uri("/v2/users/u-1").exchange().expectStatus().isUnauthorized();
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.forgedToken(newTenant())))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(rejections("auth", "identity") - before).isEqualTo(2);
	}

	@Test
	void aMissingRouteScopeCountsAsAuth() {
		double before = rejections("auth", "test-scoped");
		this.client.get()
			.uri("/test/scoped/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read")))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(rejections("auth", "test-scoped") - before).isEqualTo(1);
	}

	@Test
	void anEmptyBucketCountsAsRateLimit() {
		// the tiny plan (5 tokens) for a client of its own, so no other test's bucket is
		// touched
		Map<String, Object> claims = KeyRing.claims("tenant-tiny", "");
		claims.put("azp", "metrics-" + UUID.randomUUID());
		String token = KEYS.sign(claims);
		double before = rejections("rate_limit", "identity");
		int status = 200;
		for (int i = 0; i < 20 && status != 429; i++) {
			status = this.client.get()
				.uri("/v2/users/u-1")
				.header(HttpHeaders.AUTHORIZATION, bearer(token))
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
		}
		assertThat(status).isEqualTo(429);
		assertThat(rejections("rate_limit", "identity") - before).isEqualTo(1);
	}

	@Test
	void anInvalidBodyCountsAsValidation() {
		double before = rejections("validation", "identity");
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant())))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"email\": 5}")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(rejections("validation", "identity") - before).isEqualTo(1);
	}

	@Test
	void aReusedIdempotencyKeyCountsAsIdempotency() {
		String token = TOKENS.token(newTenant(), "resources.write");
		String key = UUID.randomUUID().toString();
		double before = rejections("idempotency", "workflow");
		for (String body : new String[] { "{\"type\":\"note\"}", "{\"type\":\"other\"}" }) {
			this.client.post()
				.uri("/v2/resources")
				.header(HttpHeaders.AUTHORIZATION, bearer(token))
				.header("Idempotency-Key", key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.returnResult(String.class);
		}
		assertThat(rejections("idempotency", "workflow") - before).isEqualTo(1);
	}

	@Test
	void theCountersArePublishedForPrometheus() {
		this.client.get().uri("/v2/users/u-1").exchange().expectStatus().isUnauthorized();
		management().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((text) -> assertThat(text).containsPattern(
					"strata_gateway_rejections_total\\{[^}]*reason=\"auth\"[^}]*route=\"identity\"[^}]*} [1-9]"));
	}

	private double rejections(String reason, String route) {
		Counter counter = this.registry.find("strata.gateway.rejections")
			.tag("reason", reason)
			.tag("route", route)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
