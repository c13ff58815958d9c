package io.strata.workflow.engine.model;

import java.util.List;

/** The steps an action runs, in order (a {@code branch} may jump forward or back). */
public record WorkflowDefinition(List<StepDefinition> steps) {

	public WorkflowDefinition {
		steps = List.copyOf(steps);
	}

	/**
	 * Index of the named step, {@link #size()} for {@link StepDefinition#END}, -1 if
	 * unknown.
	 */
	public int indexOf(String name) {
		if (StepDefinition.END.equals(name)) {
			return this.steps.size();
		}
		for (int i = 0; i < this.steps.size(); i++) {
			if (this.steps.get(i).name().equals(name)) {
				return i;
			}
		}
		return -1;
	}

	public int size() {
		return this.steps.size();
	}

}
