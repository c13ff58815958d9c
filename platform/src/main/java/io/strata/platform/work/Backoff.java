package io.strata.platform.work;

import java.time.Duration;
import java.util.Optional;

/**
 * When a failed item becomes visible again: the delay after its {@code attemptsMade}-th
 * attempt, or empty when it has used all its attempts and is parked.
 */
@FunctionalInterface
public interface Backoff {

	/**
	 * @param attemptsMade attempts made so far, the failed one included
	 * @param hint a delay the work itself asked for (an HTTP {@code Retry-After}), or
	 * null
	 */
	Optional<Duration> next(int attemptsMade, Duration hint);

}
