package io.strata.workflow.engine.decider;

import java.time.Instant;
import java.util.Map;

/**
 * What happened to a run, as the decider hears it. Each event says when it happened: the
 * decider reads no clock.
 */
public sealed interface RunEvent {

	/** When it happened. */
	Instant at();

	/**
	 * A worker holds the run and asks what to do. Every wake-up is this event: the run
	 * was started, a timer fired, a signal arrived, a retry's wait ended, a cancel was
	 * asked for, or a worker took over a run whose lease expired. A step that waited (for
	 * a timer or a signal) is attempted again and tells whether its wait is over.
	 *
	 * @param at now
	 */
	record Due(Instant at) implements RunEvent {

	}

	/**
	 * The current step (or compensation) succeeded.
	 *
	 * @param output what later steps read as {@code steps.<name>.output}
	 * @param next the step to go on with (a branch), or null for the following one
	 * @param at when
	 */
	record StepSucceeded(Map<String, Object> output, String next, Instant at) implements RunEvent {

		public StepSucceeded {
			output = (output != null) ? output : Map.of();
		}

	}

	/**
	 * The current attempt failed.
	 *
	 * @param code a stable code retry policies name ({@code timeout}, {@code http.5xx})
	 * @param message for people
	 * @param retryable false when trying again cannot help
	 * @param at when
	 */
	record StepFailed(String code, String message, boolean retryable, Instant at) implements RunEvent {

	}

	/**
	 * The current step waits for a timer or a signal.
	 *
	 * @param until when to look again at the latest (a signal wakes the run earlier)
	 * @param stepState what the step keeps for its next visit
	 * @param at when
	 */
	record StepSuspended(Instant until, Map<String, Object> stepState, Instant at) implements RunEvent {

	}

}
