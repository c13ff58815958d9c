package io.strata.workflow.engine.model;

import java.time.Instant;
import java.util.Map;

/** How a step attempt ended. */
public sealed interface StepResult {

	static StepResult completed(Map<String, Object> output) {
		return new Completed(output, null);
	}

	static StepResult failed(String code, String message, boolean retryable) {
		return new Failed(code, message, retryable);
	}

	/**
	 * The step is done.
	 *
	 * @param output what later steps read as {@code steps.<name>.output}
	 * @param next the step to continue with (a branch), or null for the next one
	 */
	record Completed(Map<String, Object> output, String next) implements StepResult {

		public Completed {
			output = (output != null) ? output : Map.of();
		}

	}

	/**
	 * The attempt failed.
	 *
	 * @param code a stable code that retry policies name ({@code timeout},
	 * {@code http.5xx}, ...)
	 * @param message for people
	 * @param retryable false when trying again cannot help
	 */
	record Failed(String code, String message, boolean retryable) implements StepResult {

	}

	/**
	 * The step waits (a delay, a signal) and is visited again at {@code wakeAt} or when a
	 * signal arrives.
	 *
	 * @param wakeAt when to look again
	 * @param stepState kept for the next visit
	 */
	record Suspended(Instant wakeAt, Map<String, Object> stepState) implements StepResult {

	}

}
