package io.strata.workflow.engine.decider;

import java.util.List;
import java.util.Map;

import io.strata.workflow.engine.model.RunStatus;

/**
 * What the decider knows of a run: where it stands in its workflow, nothing about how it
 * is stored.
 *
 * @param status where it stands
 * @param position forward: index of the next step; compensating: index into
 * {@code compensations}, counting down
 * @param attempt attempts made of the current step
 * @param outputs step outputs by step name ({@code {"output": ...}})
 * @param compensations indexes of completed steps that have a compensation, in order
 * @param cancelRequested whether a cancel was asked for
 * @param error why it failed (or is compensating), or null
 */
public record RunState(RunStatus status, int position, int attempt, Map<String, Object> outputs,
		List<Integer> compensations, boolean cancelRequested, String error) {

	public RunState {
		outputs = (outputs != null) ? outputs : Map.of();
		compensations = (compensations != null) ? List.copyOf(compensations) : List.of();
	}

	/** A run that has not taken a step yet. */
	public static RunState started() {
		return new RunState(RunStatus.RUNNING, 0, 0, Map.of(), List.of(), false, null);
	}

	public boolean compensating() {
		return this.status == RunStatus.COMPENSATING;
	}

	public RunState withStatus(RunStatus status) {
		return new RunState(status, this.position, this.attempt, this.outputs, this.compensations, this.cancelRequested,
				this.error);
	}

	public RunState withError(String error) {
		return new RunState(this.status, this.position, this.attempt, this.outputs, this.compensations,
				this.cancelRequested, error);
	}

	/**
	 * The same run, its next step (or compensation) at {@code position}, no attempt made.
	 */
	public RunState at(int position) {
		return new RunState(this.status, position, 0, this.outputs, this.compensations, this.cancelRequested,
				this.error);
	}

	public RunState withAttempt(int attempt) {
		return new RunState(this.status, this.position, attempt, this.outputs, this.compensations, this.cancelRequested,
				this.error);
	}

}
