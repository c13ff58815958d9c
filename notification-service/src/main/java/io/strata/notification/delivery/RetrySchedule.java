package io.strata.notification.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.strata.platform.work.Backoff;

/**
 * When the next attempt of a failed delivery is due: the configured delay with jitter, or
 * later if the receiver asked for it ({@code Retry-After} on 429 and 503).
 */
final class RetrySchedule implements Backoff {

	private final List<Duration> delays;

	private final double jitter;

	private final Duration maxRetryAfter;

	RetrySchedule(DeliveryProperties properties) {
		this.delays = List.copyOf(properties.schedule());
		this.jitter = properties.jitter();
		this.maxRetryAfter = properties.maxRetryAfter();
	}

	/**
	 * The delay before the next attempt after {@code attemptsMade} attempts; empty when
	 * they are exhausted.
	 */
	@Override
	public Optional<Duration> next(int attemptsMade, Duration retryAfter) {
		if (attemptsMade >= this.delays.size()) {
			return Optional.empty();
		}
		long base = this.delays.get(attemptsMade).toMillis();
		long spread = (long) (base * this.jitter);
		long delay = (spread > 0) ? base + ThreadLocalRandom.current().nextLong(-spread, spread + 1) : base;
		if (retryAfter != null) {
			delay = Math.max(delay, Math.min(retryAfter.toMillis(), this.maxRetryAfter.toMillis()));
		}
		return Optional.of(Duration.ofMillis(Math.max(0, delay)));
	}

}
