package io.strata.gateway.benchmark;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's cost, measured in one run: the same POST /v2/users (JSON body) straight
 * to the stand-in service, then through the gateway with every policy on (JWT check, rate
 * limit in Redis, schema validation, an Idempotency-Key per request stored in Redis).
 * Prints throughput, p50/p95/p99, their ratios and the added latency.
 * {@code ./mvnw -B verify -Pbenchmark -pl gateway-service}
 */
@Tag("benchmark")
class GatewayOverheadBenchmarkTests extends GatewayIntegrationTest {

	private static final String BODY = "{\"email\":\"ada@example.com\",\"display_name\":\"Ada\",\"roles\":[\"member\"]}";

	private static final int CONCURRENCY = 8;

	private static final int WARMUP = 500;

	private static final int REQUESTS = 4000;

	@LocalServerPort
	int port;

	@Test
	void gatewayWithAllPoliciesAgainstTheServiceDirectly() {
		String token = TOKENS.token("tenant-bulk", "users.write");
		WebClient direct = WebClient.create(ECHO.url());
		WebClient gateway = WebClient.create("http://127.0.0.1:" + this.port);
		run(direct, null, WARMUP);
		run(gateway, token, WARMUP);
		Result baseline = run(direct, null, REQUESTS);
		Result edge = run(gateway, token, REQUESTS);
		System.out.printf("%nGateway overhead benchmark (%d requests, concurrency %d, %d cores)%n", REQUESTS,
				CONCURRENCY, Runtime.getRuntime().availableProcessors());
		System.out.printf("  direct : %8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n", baseline.throughput,
				baseline.p(50), baseline.p(95), baseline.p(99));
		System.out.printf("  gateway: %8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms%n", edge.throughput,
				edge.p(50), edge.p(95), edge.p(99));
		System.out.printf("  throughput ratio gateway/direct: %.2f%n", edge.throughput / baseline.throughput);
		System.out.printf("  added latency: p50 %+.2f ms  p95 %+.2f ms  p99 %+.2f ms (ratios %.2f / %.2f / %.2f)%n",
				edge.p(50) - baseline.p(50), edge.p(95) - baseline.p(95), edge.p(99) - baseline.p(99),
				edge.p(50) / baseline.p(50), edge.p(95) / baseline.p(95), edge.p(99) / baseline.p(99));
		assertThat(edge.ok).isEqualTo(REQUESTS);
	}

	private static Result run(WebClient client, String token, int count) {
		long[] latencies = new long[count];
		long started = System.nanoTime();
		Long ok = Flux.range(0, count).flatMap((i) -> {
			long start = System.nanoTime();
			WebClient.RequestBodySpec request = client.post().uri("/v2/users").contentType(MediaType.APPLICATION_JSON);
			if (token != null) {
				request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
				if (!Boolean.getBoolean("bench.no-idempotency")) {
					request = request.header("Idempotency-Key", UUID.randomUUID().toString());
				}
			}
			return request.bodyValue(BODY)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.doOnNext((status) -> latencies[i] = System.nanoTime() - start)
				.filter((status) -> status == 200)
				.map((status) -> 1L)
				.onErrorResume((ex) -> Mono.empty());
		}, CONCURRENCY).count().block(Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - started) / 1e9;
		Arrays.sort(latencies);
		return new Result(count / seconds, latencies, (ok != null) ? ok.intValue() : 0);
	}

	private record Result(double throughput, long[] sortedNanos, int ok) {

		double p(int percentile) {
			int index = (int) Math.ceil(percentile / 100.0 * this.sortedNanos.length) - 1;
			return this.sortedNanos[Math.max(0, index)] / 1e6;
		}

	}

}
