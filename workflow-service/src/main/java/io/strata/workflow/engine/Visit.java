package io.strata.workflow.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.model.StepResult;

/**
 * One visit of a step.
 *
 * @param run the run
 * @param attempt what the decider asked for
 * @param input the step's input, evaluated (null when it could not be)
 * @param stepState what the step keeps between visits, with its attempt's id
 * @param inputError why the input could not be evaluated, or null
 * @param startedAt when the visit started
 */
record Visit(Run run, Command.Attempt attempt, Object input, Map<String, Object> stepState, String inputError,
		Instant startedAt) {

	/** The key of the attempt's row in {@link #stepState}, once it is written. */
	static final String ATTEMPT_ID = "attempt_id";

	/**
	 * The row of the attempt, written when it started (or kept while it waits), or null.
	 */
	Long attemptId() {
		return (this.stepState.get(ATTEMPT_ID) instanceof Number id) ? id.longValue() : null;
	}

	/** The visit of an attempt whose row is written. */
	Visit started(long attemptId) {
		Map<String, Object> kept = new LinkedHashMap<>(this.stepState);
		kept.put(ATTEMPT_ID, attemptId);
		return new Visit(this.run, this.attempt, this.input, kept, this.inputError, this.startedAt);
	}

	/** The step fails for good when its input cannot be evaluated; null when it can. */
	StepResult inputFailure() {
		return (this.inputError != null) ? StepResult.failed("expression", this.inputError, false) : null;
	}

	/** The same for every attempt of the step in the run. */
	String idempotencyKey() {
		return this.attempt.idempotencyKey(this.run.id());
	}

}
