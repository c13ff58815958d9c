package io.strata.platform.work;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code initial × multiplier^(attempt − 1)}, capped at {@code max}, spread by
 * {@code ±jitter} so that items failing together do not come back together; a hint longer
 * than that (capped at {@code max}) wins. After {@code maxAttempts} attempts the item is
 * parked.
 */
public record ExponentialBackoff(Duration initial, Duration max, double multiplier, double jitter,
		int maxAttempts) implements Backoff {

	public ExponentialBackoff {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1");
		}
		if (multiplier < 1 || jitter < 0 || jitter >= 1) {
			throw new IllegalArgumentException("multiplier must be >= 1 and jitter in [0, 1)");
		}
	}

	@Override
	public Optional<Duration> next(int attemptsMade, Duration hint) {
		if (attemptsMade >= this.maxAttempts) {
			return Optional.empty();
		}
		double base = Math.min(this.max.toMillis(),
				this.initial.toMillis() * Math.pow(this.multiplier, Math.max(0, attemptsMade - 1)));
		long spread = (long) (base * this.jitter);
		long delay = (spread > 0) ? (long) base + ThreadLocalRandom.current().nextLong(-spread, spread + 1)
				: (long) base;
		if (hint != null) {
			delay = Math.max(delay, Math.min(hint.toMillis(), this.max.toMillis()));
		}
		return Optional.of(Duration.ofMillis(Math.max(0, delay)));
	}

}
