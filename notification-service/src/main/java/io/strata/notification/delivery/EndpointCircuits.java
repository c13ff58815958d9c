package io.strata.notification.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-endpoint circuit breaking on this instance: an endpoint whose last {@code failures}
 * attempts all failed is paused for a cool-down, during which the claim leaves its
 * deliveries pending (they stay due, no HTTP call is made and no attempt is spent);
 * afterwards one trial delivery at a time goes out until one succeeds, and a failed trial
 * pauses it again. The pause costs the endpoint's own deliveries some delay and no one
 * else anything.
 * <p>
 * In memory, not a library or a table column: resilience4j is not a dependency of the
 * project (only its per-call breaker would fit, while this one must act before the claim,
 * as a cap on what the claim takes), and the state is a few numbers per failing endpoint
 * that an instance rebuilds from its own next {@code failures} attempts after a restart;
 * instances break circuits independently, each after failures it saw itself.
 */
final class EndpointCircuits {

	private final int failures;

	private final long coolDownNanos;

	private final LongSupplier nanoTime;

	private final Map<String, State> states = new ConcurrentHashMap<>();

	EndpointCircuits(int failures, Duration coolDown) {
		this(failures, coolDown, System::nanoTime);
	}

	EndpointCircuits(int failures, Duration coolDown, LongSupplier nanoTime) {
		this.failures = failures;
		this.coolDownNanos = coolDown.toNanos();
		this.nanoTime = nanoTime;
	}

	/** Records an attempt's outcome; true when it (re)opened the endpoint's circuit. */
	boolean record(String endpointId, boolean succeeded) {
		if (this.failures <= 0) {
			return false;
		}
		if (succeeded) {
			this.states.remove(endpointId);
			return false;
		}
		State state = this.states.computeIfAbsent(endpointId, (id) -> new State());
		synchronized (state) {
			state.failures++;
			if (state.failures >= this.failures) {
				state.openUntil = this.nanoTime.getAsLong() + this.coolDownNanos;
				state.open = true;
				return true;
			}
			return false;
		}
	}

	/**
	 * The in-flight counts to claim with: an open endpoint counts as full
	 * ({@code perKey}), one past its cool-down (half-open) as full but one, so that only
	 * a single trial is out at a time.
	 */
	Map<String, Integer> capped(Map<String, Integer> inFlight, int perKey) {
		if (this.states.isEmpty()) {
			return inFlight;
		}
		Map<String, Integer> capped = new HashMap<>(inFlight);
		long now = this.nanoTime.getAsLong();
		this.states.forEach((endpoint, state) -> {
			synchronized (state) {
				if (!state.open) {
					return;
				}
				int busy = inFlight.getOrDefault(endpoint, 0);
				capped.put(endpoint, (now - state.openUntil < 0) ? perKey : Math.min(perKey, perKey - 1 + busy));
			}
		});
		return capped;
	}

	/** Whether the endpoint's circuit is open now (paused, not yet half-open). */
	boolean isOpen(String endpointId) {
		State state = this.states.get(endpointId);
		if (state == null) {
			return false;
		}
		synchronized (state) {
			return state.open && this.nanoTime.getAsLong() - state.openUntil < 0;
		}
	}

	private static final class State {

		private int failures;

		private boolean open;

		private long openUntil;

	}

}
