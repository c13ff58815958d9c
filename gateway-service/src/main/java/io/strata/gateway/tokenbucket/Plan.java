package io.strata.gateway.tokenbucket;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}.
 *
 * @param burst tokens the bucket holds when full
 * @param perSecond tokens it earns back per second
 */
public record Plan(long burst, double perSecond) {

	/** Seconds a drained bucket takes to fill: the window of the quota. */
	public long windowSeconds() {
		return Math.max(1, (long) Math.ceil(this.burst / this.perSecond));
	}

}
