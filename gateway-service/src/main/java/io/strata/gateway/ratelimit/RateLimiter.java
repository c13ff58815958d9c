package io.strata.gateway.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.strata.gateway.tokenbucket.Decision;
import io.strata.gateway.tokenbucket.Plan;
import io.strata.gateway.tokenbucket.LocalTokenBuckets;
import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.redis.SharedRedisConnection;
import io.strata.gateway.security.Caller;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Token buckets in Redis, one per tenant and client, taken atomically by a Lua script so
 * that every gateway instance shares them. A request takes a small lease with it when the
 * plan allows ({@link LeasedTokens}): the caller's next requests spend it here, without a
 * round trip to Redis. When Redis does not answer in time the configured fallback
 * decides, and says so in the log and the {@code strata.gateway.ratelimit.fallback}
 * counter.
 */
@Component
class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	/**
	 * The script's text, read once: a script built from the classpath resource asks the
	 * resource whether it changed before every call (DefaultRedisScript.getSha1), which
	 * for a resource inside the jar means a FileNotFoundException thrown and caught,
	 * under a lock, per request.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> TOKEN_BUCKET = RedisScript.of(script("scripts/token_bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	private final SharedRedisConnection redisConnection;

	private final RateLimitProperties properties;

	private final EdgeMetrics metrics;

	private final String keyPrefix;

	private final LocalTokenBuckets local = new LocalTokenBuckets();

	private final LeasedTokens leases;

	/** Until when (System.nanoTime) decisions skip Redis after it failed. */
	private final AtomicLong redisDownUntil = new AtomicLong(System.nanoTime());

	/** Last time the outage was logged, so a dead Redis does not flood the log. */
	private final AtomicLong lastWarning = new AtomicLong(0);

	RateLimiter(ReactiveStringRedisTemplate redis, SharedRedisConnection redisConnection,
			RateLimitProperties properties, EdgeMetrics metrics,
			@Value("${strata.gateway.redis-key-prefix:gw:}") String keyPrefix) {
		this.redis = redis;
		this.redisConnection = redisConnection;
		this.properties = properties;
		this.metrics = metrics;
		this.keyPrefix = keyPrefix;
		this.leases = new LeasedTokens(properties.leaseShare(), properties.leaseTtl());
	}

	Mono<Decision> take(Caller caller, Plan plan, long cost) {
		// one hash slot per bucket: the script touches a single key
		String key = this.keyPrefix + "rl:{" + caller.tenantId() + "|" + caller.clientId() + "}";
		Decision leased = this.leases.take(key, plan, cost);
		if (leased != null) {
			return Mono.just(leased);
		}
		if (!this.redisConnection.isOpen()) {
			return Mono.just(fallback(key, plan, cost, "not connected"));
		}
		if (System.nanoTime() - this.redisDownUntil.get() < 0) {
			return Mono.just(fallback(key, plan, cost, "still in back-off"));
		}
		long tokens = this.leases.tokensToAsk(key, plan, cost);
		return this.redis
			.execute(TOKEN_BUCKET, List.of(key),
					List.of(Long.toString(plan.burst()), Double.toString(plan.perSecond()), Long.toString(cost),
							Long.toString(tokens)))
			.next()
			.map((result) -> this.leases.granted(key, plan, cost, toDecision(result),
					((Number) result.get(4)).longValue()))
			.timeout(this.properties.redisTimeout())
			.doFinally((signal) -> {
				if (tokens > cost) {
					this.leases.leaseAnswered(key);
				}
			})
			.onErrorResume((ex) -> {
				this.redisDownUntil.set(System.nanoTime() + this.properties.redisRetryAfter().toNanos());
				return Mono.just(fallback(key, plan, cost, ex.toString()));
			});
	}

	private static String script(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + path, ex);
		}
	}

	private Decision fallback(String key, Plan plan, long cost, String cause) {
		RateLimitProperties.RedisFailure mode = this.properties.redisFailure();
		this.metrics.rateLimitFallback(mode.name().toLowerCase(java.util.Locale.ROOT));
		long now = System.currentTimeMillis();
		long last = this.lastWarning.get();
		if (now - last > 10_000 && this.lastWarning.compareAndSet(last, now)) {
			log.warn("Redis unreachable for rate limits, deciding with fallback {}: {}", mode, cause);
		}
		return switch (mode) {
			case LOCAL -> this.local.take(key, plan, cost);
			case OPEN -> new Decision(true, plan.burst(), 0, 0);
			case CLOSED -> new Decision(false, 0, this.properties.redisRetryAfter().toMillis(), 0);
		};
	}

	private static Decision toDecision(List<?> result) {
		return new Decision(((Number) result.get(0)).longValue() == 1, ((Number) result.get(1)).longValue(),
				((Number) result.get(2)).longValue(), ((Number) result.get(3)).longValue());
	}

}
