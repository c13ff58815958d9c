package io.strata.gateway.ratelimit;

import io.strata.gateway.tokenbucket.Decision;
import io.strata.gateway.tokenbucket.Plan;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Tokens this gateway instance took from a caller's Redis bucket ahead of need: one Redis
 * round trip serves the caller's next few requests. A lease is at most
 * {@link RateLimitProperties#leaseShare()} of the plan's burst and of one second's
 * refill, and is dropped unused after {@link RateLimitProperties#leaseTtl()}.
 * <p>
 * Leased tokens have left the shared bucket, so the replicas together never admit more
 * than the bucket allows: the limit stays exact from above. The tolerance is the other
 * way: tokens leased by one replica and not yet spent there are missing from the others,
 * so a caller spread over N replicas may be refused up to N leases early, and, over a
 * window, may spend tokens leased just before it (at most N leases, a tenth of a second's
 * refill by default). A plan too small for a lease of two tokens is charged in Redis on
 * every request, as before.
 */
final class LeasedTokens {

	private final Cache<String, Lease> leases;

	/** Keys whose lease a request of this instance is asking Redis for. */
	private final Set<String> leasing = ConcurrentHashMap.newKeySet();

	private final double share;

	private final long ttlNanos;

	LeasedTokens(double share, Duration ttl) {
		this.share = share;
		this.ttlNanos = ttl.toNanos();
		this.leases = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(ttl).build();
	}

	/**
	 * Tokens to ask Redis for when {@code cost} is due: a lease beyond the cost, or only
	 * the cost while another request of this instance is already asking for the key's
	 * lease (requests that found no lease at once would otherwise each take one, and the
	 * first few could empty the bucket while the rest were refused). A lease asked for
	 * must be ended with {@link #leaseAnswered}.
	 */
	long tokensToAsk(String key, Plan plan, long cost) {
		long lease = (long) Math.floor(this.share * Math.min(plan.burst(), plan.perSecond()));
		if (lease < 2 || lease <= cost || !this.leasing.add(key)) {
			return cost;
		}
		return lease;
	}

	/** Redis answered (or did not, in time) the lease asked for the key. */
	void leaseAnswered(String key) {
		this.leasing.remove(key);
	}

	/**
	 * Spends {@code cost} tokens of the key's lease, or answers {@code null} when it has
	 * too few (or none, or an expired one): then Redis decides.
	 */
	Decision take(String key, Plan plan, long cost) {
		Lease lease = this.leases.getIfPresent(key);
		if (lease == null || System.nanoTime() - lease.expiresAt > 0) {
			return null;
		}
		long left;
		long tokens;
		do {
			tokens = lease.tokens.get();
			if (tokens < cost) {
				return null;
			}
			left = tokens - cost;
		}
		while (!lease.tokens.compareAndSet(tokens, left));
		return decision(plan, lease.bucketRemaining + left);
	}

	/**
	 * Keeps what Redis granted beyond the cost of the request that asked, and answers
	 * that request's decision, whose remaining tokens count the lease.
	 * @param granted Redis' decision for the request
	 * @param taken tokens Redis took from the bucket (the cost and the lease)
	 */
	Decision granted(String key, Plan plan, long cost, Decision granted, long taken) {
		long extra = taken - cost;
		if (!granted.allowed() || extra <= 0) {
			return granted;
		}
		long expiresAt = System.nanoTime() + this.ttlNanos;
		Lease lease = this.leases.asMap().compute(key, (k, old) -> {
			if (old == null || System.nanoTime() - old.expiresAt > 0) {
				return new Lease(extra, granted.remaining(), expiresAt);
			}
			// the last lease had fewer tokens left than a request's cost: the new one
			// adds up to it (in place: a request may be spending from it right now)
			old.tokens.addAndGet(extra);
			old.bucketRemaining = granted.remaining();
			old.expiresAt = expiresAt;
			return old;
		});
		return decision(plan, granted.remaining() + Math.min(extra, lease.tokens.get()));
	}

	private static Decision decision(Plan plan, long remaining) {
		long reset = (long) Math.ceil(Math.max(0, plan.burst() - remaining) * 1000 / plan.perSecond());
		return new Decision(true, remaining, 0, reset);
	}

	/** A caller's lease. */
	private static final class Lease {

		/** Leased tokens not spent yet. */
		final AtomicLong tokens;

		/** What the Redis bucket held after the last lease was taken. */
		volatile long bucketRemaining;

		/** When the lease lapses (System.nanoTime). */
		volatile long expiresAt;

		Lease(long tokens, long bucketRemaining, long expiresAt) {
			this.tokens = new AtomicLong(tokens);
			this.bucketRemaining = bucketRemaining;
			this.expiresAt = expiresAt;
		}

	}

}
