package io.strata.gateway.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The per-instance fallback while Redis is unreachable: the same token bucket, held in
 * memory. With N gateway instances a caller may get up to N times its plan during an
 * outage, which beats both refusing everyone and admitting everything. The edge's
 * per-address count of bad credentials uses the same buckets.
 */
public final class LocalTokenBuckets {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	public Decision take(String key, RateLimitProperties.Plan plan, long cost) {
		return this.buckets.get(key, (k) -> new Bucket(plan.burst())).take(plan, cost, System.nanoTime());
	}

	private static final class Bucket {

		private double tokens;

		private long updatedNanos;

		Bucket(double tokens) {
			this.tokens = tokens;
			this.updatedNanos = System.nanoTime();
		}

		synchronized Decision take(RateLimitProperties.Plan plan, long cost, long now) {
			double elapsedSeconds = Math.max(0, now - this.updatedNanos) / 1e9;
			this.tokens = Math.min(plan.burst(), this.tokens + elapsedSeconds * plan.perSecond());
			this.updatedNanos = now;
			long reset = (long) Math.ceil((plan.burst() - this.tokens) * 1000 / plan.perSecond());
			if (this.tokens >= cost) {
				this.tokens -= cost;
				return new Decision(true, (long) this.tokens, 0,
						(long) Math.ceil((plan.burst() - this.tokens) * 1000 / plan.perSecond()));
			}
			long retry = (long) Math.ceil((Math.min(cost, plan.burst()) - this.tokens) * 1000 / plan.perSecond());
			return new Decision(false, (long) this.tokens, retry, reset);
		}

	}

}
