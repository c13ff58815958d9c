package io.strata.workflow.engine.model;

import java.util.List;

/**
 * A kind of step: the engine's plugin interface. Another team adds one (ML scoring, say)
 * by providing an implementation; the engine needs no change.
 */
public interface StepType {

	/** The {@code type} a step definition names, such as {@code http.request}. */
	String name();

	/**
	 * Whether the step only changes this service's database: it then runs inside the
	 * transaction that records its outcome and advances the run, so its effect happens
	 * exactly once even when a worker dies.
	 */
	default boolean transactional() {
		return false;
	}

	/** Definition-time checks beyond the expressions, as messages about the step. */
	default List<String> check(StepDefinition step) {
		return List.of();
	}

	StepResult execute(StepCall call) throws Exception;

}
