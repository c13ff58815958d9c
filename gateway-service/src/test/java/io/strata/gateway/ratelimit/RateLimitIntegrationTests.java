package io.strata.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in the real Redis: standard headers on every answer, 429 with Retry-After
 * when a bucket is empty, per-route cost, and no more than burst + rate × time admitted
 * under parallel load.
 */
class RateLimitIntegrationTests extends GatewayIntegrationTest {

	/** The tiny plan of the test context: 5 tokens, one more every 2 seconds. */
	private static final String TINY_TENANT = "tenant-tiny";

	@LocalServerPort
	int port;

	@Test
	void everyAnswerCarriesRateLimitPolicyAndRemaining() {
		String token = TOKENS.token(newTenant());
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"standard\";q=100;w=2")
			.expectHeader()
			.valueMatches("RateLimit", "\"standard\";r=99;t=1");
		// public routes too, on the anonymous plan keyed by address
		this.client.post()
			.uri("/v2/auth/login")
			.exchange()
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"anonymous\";q=20;w=4");
	}

	@Test
	void emptyBucketIs429ProblemWithRetryAfter() {
		String token = TOKENS.token(TINY_TENANT);
		long started = System.nanoTime();
		int admitted = 0;
		while (admitted < 20 && this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value() == 200) {
			admitted++;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		// the burst, plus what refilled meanwhile on a slow machine
		assertThat(admitted).isGreaterThanOrEqualTo(5).isLessThanOrEqualTo(5 + (int) Math.ceil(0.5 * seconds));
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueMatches(HttpHeaders.RETRY_AFTER, "[12]")
			.expectHeader()
			.valueMatches("RateLimit", "\"tiny\";r=0;t=[12]")
			.expectHeader()
			.valueEquals("RateLimit-Policy", "\"tiny\";q=5;w=10")
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/rate-limited");
		// another client of the same tenant has its own bucket
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(TINY_TENANT)))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void routeCostTakesSeveralTokens() {
		String token = TOKENS.token(TINY_TENANT);
		this.client.get()
			.uri("/test/expensive/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("RateLimit", "\"tiny\";r=0;t=10");
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	@Test
	void parallelClientsNeverGetMoreThanBurstPlusRateTimesTime() {
		String token = TOKENS.token(TINY_TENANT);
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		AtomicInteger admitted = new AtomicInteger();
		AtomicInteger limited = new AtomicInteger();
		long started = System.nanoTime();
		Flux.range(0, 300)
			.flatMap(
					(i) -> web.get()
						.uri("/v2/users/u-1")
						.header(HttpHeaders.AUTHORIZATION, bearer(token))
						.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())),
					32)
			.doOnNext((status) -> {
				if (status == 200) {
					admitted.incrementAndGet();
				}
				else if (status == 429) {
					limited.incrementAndGet();
				}
			})
			.blockLast(Duration.ofSeconds(60));
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(admitted.get() + limited.get()).isEqualTo(300);
		assertThat(admitted.get()).isGreaterThanOrEqualTo(5)
			.isLessThanOrEqualTo((int) Math.floor(5 + 0.5 * seconds) + 1);
	}

}
