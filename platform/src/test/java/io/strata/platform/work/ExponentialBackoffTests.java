package io.strata.platform.work;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExponentialBackoffTests {

	@Test
	void doublesUpToTheCapThenParks() {
		ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5), 2, 0, 5);
		assertThat(backoff.next(1, null)).contains(Duration.ofSeconds(1));
		assertThat(backoff.next(2, null)).contains(Duration.ofSeconds(2));
		assertThat(backoff.next(3, null)).contains(Duration.ofSeconds(4));
		assertThat(backoff.next(4, null)).contains(Duration.ofSeconds(5));
		assertThat(backoff.next(5, null)).isEmpty();
	}

	@Test
	void jitterSpreadsWithinItsFraction() {
		ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(10), Duration.ofMinutes(1), 2, 0.2, 3);
		for (int i = 0; i < 200; i++) {
			assertThat(backoff.next(1, null).orElseThrow().toMillis()).isBetween(8_000L, 12_000L);
		}
	}

	@Test
	void aLongerHintWinsUpToTheCap() {
		ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 0, 3);
		assertThat(backoff.next(1, Duration.ofSeconds(30))).contains(Duration.ofSeconds(30));
		assertThat(backoff.next(1, Duration.ofHours(1))).contains(Duration.ofMinutes(1));
		assertThat(backoff.next(1, Duration.ZERO)).contains(Duration.ofSeconds(1));
	}

}
