package io.strata.notification.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The circuit of an endpoint as the claim sees it: open after consecutive failures, one
 * trial at a time after the cool-down, closed by a success.
 */
class EndpointCircuitsTests {

	private static final int PER_KEY = 4;

	private final AtomicLong now = new AtomicLong();

	private final EndpointCircuits circuits = new EndpointCircuits(3, Duration.ofSeconds(30), this.now::get);

	@Test
	void consecutiveFailuresOpenTheCircuitAndTheClaimTakesNothingOfTheEndpoint() {
		assertThat(this.circuits.record("ep-1", false)).isFalse();
		assertThat(this.circuits.record("ep-1", false)).isFalse();
		assertThat(this.circuits.capped(Map.of("ep-1", 1), PER_KEY)).containsExactly(Map.entry("ep-1", 1));

		assertThat(this.circuits.record("ep-1", false)).isTrue();

		assertThat(this.circuits.isOpen("ep-1")).isTrue();
		assertThat(this.circuits.capped(Map.of(), PER_KEY)).containsExactly(Map.entry("ep-1", PER_KEY));
		assertThat(this.circuits.capped(Map.of("ep-2", 2), PER_KEY)).containsEntry("ep-2", 2);
	}

	@Test
	void aSuccessInBetweenStartsTheCountAgain() {
		this.circuits.record("ep-1", false);
		this.circuits.record("ep-1", false);
		this.circuits.record("ep-1", true);
		this.circuits.record("ep-1", false);
		this.circuits.record("ep-1", false);

		assertThat(this.circuits.isOpen("ep-1")).isFalse();
		assertThat(this.circuits.capped(Map.of(), PER_KEY)).isEmpty();
	}

	@Test
	void afterTheCoolDownOneTrialAtATimeAndItsOutcomeClosesOrReopens() {
		for (int i = 0; i < 3; i++) {
			this.circuits.record("ep-1", false);
		}
		this.now.addAndGet(Duration.ofSeconds(30).toNanos());

		assertThat(this.circuits.isOpen("ep-1")).isFalse();
		assertThat(this.circuits.capped(Map.of(), PER_KEY)).containsExactly(Map.entry("ep-1", PER_KEY - 1));
		// a trial is out: nothing more until its outcome
		assertThat(this.circuits.capped(Map.of("ep-1", 1), PER_KEY)).containsExactly(Map.entry("ep-1", PER_KEY));

		// the trial failed: paused for another cool-down
		assertThat(this.circuits.record("ep-1", false)).isTrue();
		assertThat(this.circuits.capped(Map.of(), PER_KEY)).containsExactly(Map.entry("ep-1", PER_KEY));

		this.now.addAndGet(Duration.ofSeconds(30).toNanos());
		this.circuits.record("ep-1", true);
		assertThat(this.circuits.capped(Map.of(), PER_KEY)).isEmpty();
	}

	@Test
	void zeroFailuresTurnsCircuitBreakingOff() {
		EndpointCircuits off = new EndpointCircuits(0, Duration.ofSeconds(30), this.now::get);
		for (int i = 0; i < 10; i++) {
			assertThat(off.record("ep-1", false)).isFalse();
		}
		assertThat(off.capped(Map.of(), PER_KEY)).isEmpty();
	}

}
