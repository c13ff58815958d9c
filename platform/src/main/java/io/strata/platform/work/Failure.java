package io.strata.platform.work;

import java.time.Duration;

/**
 * A failed attempt.
 *
 * @param claim the claim that failed
 * @param error why, kept in the row's last error
 * @param hint a delay the work asked for (e.g. {@code Retry-After}), or null
 */
public record Failure(Claim<?> claim, String error, Duration hint) {

	public static Failure of(Claim<?> claim, String error) {
		return new Failure(claim, error, null);
	}

}
