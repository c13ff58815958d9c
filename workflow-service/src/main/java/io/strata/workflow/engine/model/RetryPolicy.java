package io.strata.workflow.engine.model;

import java.time.Duration;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How often and how soon a failed step is tried again.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialInterval wait before the second attempt
 * @param multiplier growth of the wait per attempt
 * @param maxInterval cap of the wait
 * @param nonRetryable error codes that fail the step at once (such as {@code http.4xx})
 * @param jitter fraction (0..1) of the wait that is randomised, so that many runs failing
 * together do not retry in lockstep
 */
public record RetryPolicy(int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval,
		Set<String> nonRetryable, double jitter) {

	public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1),
			Set.of(), 0.2);

	public RetryPolicy {
		nonRetryable = Set.copyOf(nonRetryable);
	}

	public boolean allowsAnotherAttempt(int attemptsMade, String errorCode, boolean retryable) {
		return retryable && attemptsMade < this.maxAttempts && !this.nonRetryable.contains(errorCode);
	}

	/** The wait after the given (1-based) failed attempt. */
	public Duration backoffAfter(int failedAttempt, RandomGenerator random) {
		double base = this.initialInterval.toMillis() * Math.pow(this.multiplier, Math.max(0, failedAttempt - 1));
		double capped = Math.min(base, this.maxInterval.toMillis());
		double spread = capped * this.jitter;
		double jittered = capped - spread + ((spread > 0) ? random.nextDouble(2 * spread) : 0);
		return Duration.ofMillis(Math.max(0, Math.round(jittered)));
	}

}
