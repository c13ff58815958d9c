package io.strata.gateway.ratelimit;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import io.strata.gateway.tokenbucket.Decision;
import io.strata.gateway.tokenbucket.Plan;
import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.redis.SharedRedisConnection;
import io.strata.gateway.security.Caller;
import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in the real Redis: standard headers on every answer, 429 with Retry-After
 * when a bucket is empty, per-route cost, and no more than burst + rate × time admitted
 * under parallel load, also by two instances leasing tokens from one bucket.
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

	@Autowired
	ReactiveStringRedisTemplate redis;

	@Autowired
	SharedRedisConnection redisConnection;

	@Autowired
	RateLimitProperties properties;

	@Autowired
	EdgeMetrics metrics;

	/**
	 * With leases of a whole second's refill (10 tokens of a plan of 1,000 and 10 per
	 * second), the first request takes 10 tokens from Redis, the next nine spend them
	 * here without touching the bucket, and the eleventh takes the next lease.
	 */
	@Test
	void aRequestLeasesTokensTheNextOnesSpendWithoutRedis() {
		Plan plan = new Plan(1000, 10);
		RateLimitProperties wholeSecond = new RateLimitProperties(this.properties.plans(),
				this.properties.defaultPlan(), this.properties.anonymousPlan(), this.properties.tenants(),
				this.properties.redisFailure(), this.properties.redisTimeout(), this.properties.redisRetryAfter(), 1.0,
				Duration.ofMinutes(1));
		RateLimiter limiter = new RateLimiter(this.redis, this.redisConnection, wholeSecond, this.metrics,
				REDIS_PREFIX);
		Caller caller = caller();
		Decision first = limiter.take(caller, plan, 1).block(Duration.ofSeconds(10));
		assertThat(first.allowed()).isTrue();
		assertThat(first.remaining()).isEqualTo(999);
		double bucket = bucketTokens(caller);
		assertThat(bucket).isBetween(990.0, 991.0);
		for (int i = 2; i <= 10; i++) {
			Decision next = limiter.take(caller, plan, 1).block(Duration.ofSeconds(10));
			assertThat(next.allowed()).isTrue();
			assertThat(next.remaining()).isEqualTo(1000 - i);
			// spent here: the bucket only refills
			double now = bucketTokens(caller);
			assertThat(now).isGreaterThanOrEqualTo(bucket);
			bucket = now;
		}
		assertThat(limiter.take(caller, plan, 1).block(Duration.ofSeconds(10)).allowed()).isTrue();
		assertThat(bucketTokens(caller)).isLessThan(bucket - 5);
	}

	/**
	 * Requests of one caller that find no lease at the same moment do not each take one:
	 * one asks Redis for a lease, the others for their own cost. So 64 first requests,
	 * far below a plan of 1,000, are all admitted; when each asked for a lease of 100,
	 * the first ten emptied the bucket and the rest were refused while this instance held
	 * the tokens.
	 */
	@Test
	void concurrentRequestsWithoutALeaseTakeOneLeaseBetweenThem() {
		Plan plan = new Plan(1000, 1000);
		RateLimiter limiter = replica();
		Caller caller = caller();
		AtomicInteger admitted = new AtomicInteger();
		Flux.range(0, 64).flatMap((i) -> limiter.take(caller, plan, 1), 64).doOnNext((decision) -> {
			if (decision.allowed()) {
				admitted.incrementAndGet();
			}
		}).blockLast(Duration.ofSeconds(30));
		assertThat(admitted.get()).isEqualTo(64);
		assertThat(bucketTokens(caller)).isGreaterThanOrEqualTo(1000 - 100 - 63);
	}

	/**
	 * Two gateway instances (two limiters, each with its own leases) admit one caller's
	 * requests in parallel: together never more than the bucket allows (burst plus refill
	 * over the time taken: exact from above), and at most one lease each fewer (the
	 * documented tolerance).
	 */
	@Test
	void replicasLeasingFromOneBucketNeverAdmitMoreThanItAllows() {
		Plan plan = new Plan(200, 100);
		RateLimiter one = replica();
		RateLimiter two = replica();
		Caller caller = caller();
		AtomicInteger admitted = new AtomicInteger();
		long started = System.nanoTime();
		Flux.range(0, 2000)
			.flatMap((i) -> ((i % 2 == 0) ? one : two).take(caller, plan, 1), 32)
			.doOnNext((decision) -> {
				if (decision.allowed()) {
					admitted.incrementAndGet();
				}
			})
			.blockLast(Duration.ofSeconds(60));
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(admitted.get()).isLessThanOrEqualTo((int) Math.floor(200 + 100 * seconds))
			.isGreaterThanOrEqualTo(200 - 2 * 10);
	}

	private RateLimiter replica() {
		return new RateLimiter(this.redis, this.redisConnection, this.properties, this.metrics, REDIS_PREFIX);
	}

	private static Caller caller() {
		return new Caller(newTenant(), "client-1", "sub:client-1", "client-1", Set.of(), true);
	}

	private double bucketTokens(Caller caller) {
		Object tokens = this.redis.opsForHash()
			.get(REDIS_PREFIX + "rl:{" + caller.tenantId() + "|" + caller.clientId() + "}", "tokens")
			.block(Duration.ofSeconds(10));
		return Double.parseDouble(String.valueOf(tokens));
	}

}
