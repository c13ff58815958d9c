package io.strata.workflow.engine.model;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a workflow.
 *
 * @param name unique within the workflow; later steps read {@code steps.<name>.output}
 * @param type the {@link StepType} that runs it
 * @param input the step's input: every string is a CEL expression over {@code resource},
 * {@code input} and {@code steps}; other JSON values are taken as they are
 * @param retry the retry policy
 * @param timeout how long one attempt (or a wait) may take
 * @param compensation the step that undoes this one when a later step fails for good
 * @param then for {@code branch}: the step to go to when the condition holds
 * ({@link #END} ends the workflow)
 * @param otherwise for {@code branch}: the step to go to otherwise
 */
public record StepDefinition(String name, String type, Map<String, Object> input, RetryPolicy retry, Duration timeout,
		StepDefinition compensation, String then, String otherwise) {

	/** A jump target that ends the workflow successfully. */
	public static final String END = "$end";

	public StepDefinition {
		input = (input != null) ? input : Map.of();
		retry = (retry != null) ? retry : RetryPolicy.DEFAULT;
	}

}
