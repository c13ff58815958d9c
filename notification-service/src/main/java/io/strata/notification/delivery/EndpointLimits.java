package io.strata.notification.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-endpoint fairness on this instance: how many deliveries each endpoint has in flight
 * (the claim query leaves out endpoints at their cap) and a rate limit per endpoint. The
 * limiter is a few lines of "next free slot" arithmetic rather than a library (Guava's
 * RateLimiter is @Beta and only a transitive dependency here): the rate changes whenever
 * the endpoint is updated, and each waiting delivery sleeps on its own virtual thread.
 */
final class EndpointLimits {

	private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

	private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();

	void begin(String endpointId) {
		this.inFlight.computeIfAbsent(endpointId, (id) -> new AtomicInteger()).incrementAndGet();
	}

	void end(String endpointId) {
		this.inFlight.computeIfPresent(endpointId, (id, count) -> (count.decrementAndGet() <= 0) ? null : count);
	}

	Map<String, Integer> inFlight() {
		Map<String, Integer> snapshot = new HashMap<>();
		this.inFlight.forEach((id, count) -> snapshot.put(id, count.get()));
		return snapshot;
	}

	/** Waits until the endpoint's rate limit allows one more request. */
	void awaitRate(String endpointId, Integer perSecond) throws InterruptedException {
		if (perSecond == null || perSecond <= 0) {
			return;
		}
		long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
		long[] slot = this.nextSlot.computeIfAbsent(endpointId, (id) -> new long[] { Long.MIN_VALUE });
		long wait;
		synchronized (slot) {
			long now = System.nanoTime();
			long at = Math.max(now, slot[0]);
			slot[0] = at + interval;
			wait = at - now;
		}
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

}
