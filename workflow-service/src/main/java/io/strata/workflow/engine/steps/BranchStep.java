package io.strata.workflow.engine.steps;

import java.util.List;
import java.util.Map;

import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * {@code branch}: {@code input.condition} (a CEL boolean) picks the next step: the step's
 * {@code then} when true, its {@code else} when false (the following step when that one
 * is not given; {@code $end} ends the workflow).
 */
@Component
class BranchStep implements StepType {

	/**
	 * Changes nothing anywhere: it runs in the run's transaction, with the steps around
	 * it.
	 */
	@Override
	public boolean transactional() {
		return true;
	}

	@Override
	public String name() {
		return "branch";
	}

	@Override
	public List<String> check(StepDefinition step) {
		if (!step.input().containsKey("condition")) {
			return List.of("branch needs input.condition (a CEL boolean)");
		}
		return (step.then() != null || step.otherwise() != null) ? List.of() : List.of("branch needs then or else");
	}

	@Override
	public StepResult execute(StepCall call) {
		Object condition = call.input().get("condition");
		if (!(condition instanceof Boolean holds)) {
			return StepResult.failed("invalid_input", "the condition is not a boolean: " + condition, false);
		}
		String next = holds ? call.step().then() : call.step().otherwise();
		return new StepResult.Completed(Map.of("result", holds), next);
	}

}
