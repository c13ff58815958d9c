package io.strata.gateway.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's cost, measured in one run: the same POST (JSON body) straight to the
 * stand-in service; through the gateway on a plain route (routing, headers, JWT check,
 * tracing: no edge policies); and through the gateway's {@code /v2/users} with every
 * policy on (JWT check, rate limit in Redis, schema validation, an Idempotency-Key per
 * request stored in Redis).
 * <p>
 * Two phases: at saturation (a closed loop of {@value #CONCURRENCY} clients) for the
 * throughput ratio, where latency is mostly queueing behind the other clients on a 2-core
 * machine; and at moderate load (an open loop at a fixed rate, a fraction of the
 * gateway's saturated throughput, the same rate for every target) for the latency the
 * gateway adds to one request, which is what the budget (added p95 under 5 ms) is about.
 * Prints throughput, p50/p95/p99, their ratios and the added latency.
 * {@code ./mvnw -B verify -Pbenchmark -pl gateway-service}; the trace sampling rate is
 * {@code STRATA_TRACE_SAMPLING} (default 0.1).
 */
@Tag("benchmark")
class GatewayOverheadBenchmarkTests extends GatewayIntegrationTest {

	private static final String BODY = "{\"email\":\"ada@example.com\",\"display_name\":\"Ada\",\"roles\":[\"member\"]}";

	private static final int CONCURRENCY = 8;

	/**
	 * Warm-up goes in rounds of this many requests per target...
	 */
	private static final int WARMUP_ROUND = 1000;

	/**
	 * ...until a round keeps the JIT compilers busy for less than this (milliseconds of
	 * compile time), so that what is measured is the compiled code, not the interpreter
	 * or a compiler thread competing for the 2 cores. A fixed 3,000-request warm-up left
	 * the C2 compiler thread at 17 % of a core during the moderate-load phase (JFR).
	 */
	private static final long JIT_QUIET_MILLIS = 100;

	private static final int MAX_WARMUP_ROUNDS = 25;

	private static final int REQUESTS = 4000;

	/**
	 * The targets take turns in rounds, so that a burst of load from elsewhere on the
	 * (shared) machine hits all of them rather than one.
	 */
	private static final int ROUNDS = 4;

	/** Moderate load: this share of the gateway's saturated throughput... */
	private static final double MODERATE_SHARE = 0.3;

	/** ...but no more than this many requests per second. */
	private static final double MODERATE_MAX_RATE = 150;

	private static final int MODERATE_REQUESTS = 1200;

	@LocalServerPort
	int port;

	@Value("${management.tracing.sampling.probability}")
	String traceSampling;

	@Autowired
	ReactiveStringRedisTemplate redis;

	/**
	 * A run stores some 100,000 idempotency answers, kept 24 hours: gone with the run, so
	 * that a developer's Redis does not grow by tens of megabytes per benchmark.
	 */
	@AfterEach
	void deleteThisRunsRedisKeys() {
		this.redis.scan(ScanOptions.scanOptions().match(REDIS_PREFIX + "*").count(1000).build())
			.buffer(1000)
			.concatMap((keys) -> this.redis.unlink(keys.toArray(String[]::new)))
			.blockLast(Duration.ofMinutes(2));
	}

	@Test
	void gatewayWithAllPoliciesAgainstTheServiceDirectly() {
		String token = TOKENS.token("tenant-bulk", "users.write");
		WebClient direct = WebClient.create(ECHO.url());
		WebClient gateway = WebClient.create("http://127.0.0.1:" + this.port);
		String warmUp = warmUp(() -> {
			run(direct, "/v2/users", null, WARMUP_ROUND);
			run(gateway, "/test/plain/users", token, WARMUP_ROUND);
			run(gateway, "/v2/users", token, WARMUP_ROUND);
		});
		List<Result> baseline = new ArrayList<>();
		List<Result> plain = new ArrayList<>();
		List<Result> all = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			baseline.add(run(direct, "/v2/users", null, REQUESTS / ROUNDS));
			plain.add(run(gateway, "/test/plain/users", token, REQUESTS / ROUNDS));
			all.add(run(gateway, "/v2/users", token, REQUESTS / ROUNDS));
		}
		Result directResult = Result.merge(baseline);
		Result plainResult = Result.merge(plain);
		Result edge = Result.merge(all);
		System.out.printf(
				"%nGateway overhead benchmark, saturation (%d requests per target in %d rounds, concurrency %d,"
						+ " %d cores, trace sampling %s; warm-up: %s)%n",
				REQUESTS, ROUNDS, CONCURRENCY, Runtime.getRuntime().availableProcessors(), this.traceSampling, warmUp);
		print("direct", directResult);
		print("gateway, auth only", plainResult);
		print("gateway, all policies", edge);
		compare("auth only", plainResult, directResult);
		compare("all policies", edge, directResult);

		double rate = Math.min(MODERATE_MAX_RATE, MODERATE_SHARE * edge.throughput);
		String moderateWarmUp = warmUp(() -> {
			paced(direct, "/v2/users", null, MODERATE_REQUESTS / ROUNDS, rate);
			paced(gateway, "/test/plain/users", token, MODERATE_REQUESTS / ROUNDS, rate);
			paced(gateway, "/v2/users", token, MODERATE_REQUESTS / ROUNDS, rate);
		});
		List<Result> moderateDirect = new ArrayList<>();
		List<Result> moderatePlain = new ArrayList<>();
		List<Result> moderateAll = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			moderateDirect.add(paced(direct, "/v2/users", null, MODERATE_REQUESTS / ROUNDS, rate));
			moderatePlain.add(paced(gateway, "/test/plain/users", token, MODERATE_REQUESTS / ROUNDS, rate));
			moderateAll.add(paced(gateway, "/v2/users", token, MODERATE_REQUESTS / ROUNDS, rate));
		}
		Result moderateDirectResult = Result.merge(moderateDirect);
		Result moderatePlainResult = Result.merge(moderatePlain);
		Result moderateEdge = Result.merge(moderateAll);
		System.out.printf(
				"%nGateway overhead benchmark, moderate load (%d requests per target at %.0f req/s,"
						+ " %.0f %% of the gateway's saturated throughput; warm-up: %s)%n",
				MODERATE_REQUESTS, rate, 100 * rate / edge.throughput, moderateWarmUp);
		print("direct", moderateDirectResult);
		print("gateway, auth only", moderatePlainResult);
		print("gateway, all policies", moderateEdge);
		compare("auth only", moderatePlainResult, moderateDirectResult);
		compare("all policies", moderateEdge, moderateDirectResult);
		double addedP95 = moderateEdge.p(95) - moderateDirectResult.p(95);
		System.out.printf("  budget (added p95 under 5 ms at moderate load): %s (%+.2f ms)%n",
				(addedP95 < 5) ? "met" : "NOT met", addedP95);
		assertThat(plainResult.ok).isEqualTo(REQUESTS);
		assertThat(edge.ok).isEqualTo(REQUESTS);
		assertThat(moderateEdge.ok).isEqualTo(MODERATE_REQUESTS);
	}

	/**
	 * Runs warm-up rounds until the JIT has (nearly) stopped compiling; says how many it
	 * took, or that the compilers were still busy when the rounds ran out.
	 */
	private static String warmUp(Runnable round) {
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		long compiling = Long.MAX_VALUE;
		int rounds = 0;
		while (compiling >= JIT_QUIET_MILLIS && rounds < MAX_WARMUP_ROUNDS) {
			long before = jit.getTotalCompilationTime();
			round.run();
			compiling = jit.getTotalCompilationTime() - before;
			rounds++;
		}
		return String.format("%d rounds, the JIT compiled %d ms in the last%s", rounds, compiling,
				(compiling >= JIT_QUIET_MILLIS) ? ", STILL COMPILING" : "");
	}

	private static void print(String name, Result result) {
		System.out.printf("  %-22s: %8.0f req/s  p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms  cpu %5.2f ms/request%n",
				name, result.throughput, result.p(50), result.p(95), result.p(99), result.cpuMillisPerRequest());
	}

	private static void compare(String name, Result edge, Result baseline) {
		System.out.printf(
				"  %s vs direct: throughput ratio %.2f; added latency p50 %+.2f ms  p95 %+.2f ms  p99 %+.2f ms"
						+ " (ratios %.2f / %.2f / %.2f); added cpu %+.2f ms/request%n",
				name, edge.throughput / baseline.throughput, edge.p(50) - baseline.p(50), edge.p(95) - baseline.p(95),
				edge.p(99) - baseline.p(99), edge.p(50) / baseline.p(50), edge.p(95) / baseline.p(95),
				edge.p(99) / baseline.p(99), edge.cpuMillisPerRequest() - baseline.cpuMillisPerRequest());
	}

	private static Result run(WebClient client, String path, String token, int count) {
		return measure(count, (latencies) -> Flux.range(0, count)
			.flatMap((i) -> send(client, path, token, latencies, i), CONCURRENCY));
	}

	/**
	 * An open loop: requests start at a fixed rate whatever the answers' pace, and each
	 * latency is measured from its own start, so a slow answer does not hide the queue.
	 */
	private static Result paced(WebClient client, String path, String token, int count, double perSecond) {
		return measure(count,
				(latencies) -> Flux.interval(Duration.ofNanos((long) (1e9 / perSecond)))
					.take(count)
					.flatMap((tick) -> send(client, path, token, latencies, tick.intValue()), count));
	}

	/** Runs the requests (each writes its latency into the array) and times them. */
	private static Result measure(int count, Function<long[], Flux<Long>> requests) {
		long[] latencies = new long[count];
		long cpuBefore = processCpuNanos();
		long started = System.nanoTime();
		Long ok = requests.apply(latencies).count().block(Duration.ofMinutes(5));
		double seconds = (System.nanoTime() - started) / 1e9;
		long cpu = processCpuNanos() - cpuBefore;
		Arrays.sort(latencies);
		return new Result(count / seconds, latencies, (ok != null) ? ok.intValue() : 0, seconds, cpu);
	}

	private static Mono<Long> send(WebClient client, String path, String token, long[] latencies, int i) {
		long start = System.nanoTime();
		WebClient.RequestBodySpec request = client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (token != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.header("Idempotency-Key", UUID.randomUUID().toString());
		}
		return request.bodyValue(BODY)
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.doOnNext((status) -> latencies[i] = System.nanoTime() - start)
			.filter((status) -> status == 200)
			.map((status) -> 1L)
			.onErrorResume((ex) -> Mono.empty());
	}

	/**
	 * CPU time of this JVM (the load generator, the gateway and the stand-in service)
	 * since it started: per request, the steadiest measure of what the gateway costs on a
	 * shared machine, where latency percentiles move with whatever else runs.
	 */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private record Result(double throughput, long[] sortedNanos, int ok, double seconds, long cpuNanos) {

		static Result merge(List<Result> results) {
			long[] all = results.stream()
				.flatMapToLong((result) -> Arrays.stream(result.sortedNanos))
				.sorted()
				.toArray();
			double seconds = results.stream().mapToDouble(Result::seconds).sum();
			int ok = results.stream().mapToInt(Result::ok).sum();
			long cpu = results.stream().mapToLong(Result::cpuNanos).sum();
			return new Result(all.length / seconds, all, ok, seconds, cpu);
		}

		double cpuMillisPerRequest() {
			return this.cpuNanos / 1e6 / this.sortedNanos.length;
		}

		double p(int percentile) {
			int index = (int) Math.ceil(percentile / 100.0 * this.sortedNanos.length) - 1;
			return this.sortedNanos[Math.max(0, index)] / 1e6;
		}

	}

}
