package io.strata.gateway.tokenbucket;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The per-instance fallback while Redis is unreachable: the same token bucket, held in
 * memory. With N gateway instances a caller may get up to N times its plan during an
 * outage, which beats both refusing everyone and admitting everything. The edge's
 * per-address count of bad credentials uses the same buckets. Lock-free: a bucket's state
 * is one immutable value swapped by compare-and-set, so the requests of one address (all
 * of a NAT's, or a load balancer's) do not queue on a lock.
 */
public final class LocalTokenBuckets {

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	public Decision take(String key, Plan plan, long cost) {
		return this.buckets.get(key, (k) -> new Bucket(plan.burst())).take(plan, cost, System.nanoTime());
	}

	/**
	 * The tokens the key's bucket holds now, without taking any (nor creating a bucket: a
	 * key never charged holds the whole burst).
	 */
	public double available(String key, Plan plan) {
		Bucket bucket = this.buckets.getIfPresent(key);
		return (bucket != null) ? bucket.state.get().refilled(plan, System.nanoTime()).tokens() : plan.burst();
	}

	private static final class Bucket {

		private final AtomicReference<State> state;

		Bucket(double tokens) {
			this.state = new AtomicReference<>(new State(tokens, System.nanoTime()));
		}

		Decision take(Plan plan, long cost, long now) {
			while (true) {
				State current = this.state.get();
				State refilled = current.refilled(plan, now);
				long reset = (long) Math.ceil((plan.burst() - refilled.tokens()) * 1000 / plan.perSecond());
				if (refilled.tokens() >= cost) {
					State next = new State(refilled.tokens() - cost, refilled.updatedNanos());
					if (this.state.compareAndSet(current, next)) {
						return new Decision(true, (long) next.tokens(), 0,
								(long) Math.ceil((plan.burst() - next.tokens()) * 1000 / plan.perSecond()));
					}
					continue;
				}
				if (this.state.compareAndSet(current, refilled)) {
					long retry = (long) Math
						.ceil((Math.min(cost, plan.burst()) - refilled.tokens()) * 1000 / plan.perSecond());
					return new Decision(false, (long) refilled.tokens(), retry, reset);
				}
			}
		}

	}

	/** Tokens in a bucket as of {@code updatedNanos} (System.nanoTime). */
	private record State(double tokens, long updatedNanos) {

		State refilled(Plan plan, long now) {
			double elapsedSeconds = Math.max(0, now - this.updatedNanos) / 1e9;
			return new State(Math.min(plan.burst(), this.tokens + elapsedSeconds * plan.perSecond()),
					Math.max(now, this.updatedNanos));
		}

	}

}
