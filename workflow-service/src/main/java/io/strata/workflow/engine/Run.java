package io.strata.workflow.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.strata.workflow.engine.decider.RunState;
import io.strata.workflow.engine.model.RunStatus;

/**
 * A workflow run as stored: the operation behind an action on one resource.
 *
 * @param id the run (and operation) id
 * @param tenantId owner
 * @param resourceId the resource the action runs on
 * @param action the action's name
 * @param fromState the resource's state when the action started
 * @param toState the state it leads to
 * @param definitionJson the workflow, as JSON text, fixed when the action started
 * @param input the action's input
 * @param status where it stands
 * @param position forward: index of the next step; compensating: index into
 * {@code compensations}, counting down
 * @param attempt attempts made of the current step
 * @param outputs step outputs by step name
 * @param compensations indexes of completed steps that have a compensation, in order
 * @param stepState what the current step kept between visits
 * @param dueAt when a worker should look at it next
 * @param leaseOwner the worker that holds it
 * @param cancelRequested whether a cancel was asked for
 * @param error why it failed
 * @param createdAt creation time
 * @param updatedAt last change
 * @param finishedAt when it reached a final state
 */
public record Run(String id, String tenantId, String resourceId, String action, String fromState, String toState,
		String definitionJson, Map<String, Object> input, RunStatus status, int position, int attempt,
		Map<String, Object> outputs, List<Integer> compensations, Map<String, Object> stepState, Instant dueAt,
		String leaseOwner, boolean cancelRequested, String error, Instant createdAt, Instant updatedAt,
		Instant finishedAt) {

	/** What the decider knows of the run. */
	public RunState state() {
		return new RunState(this.status, this.position, this.attempt, this.outputs, this.compensations,
				this.cancelRequested, this.error);
	}

	/**
	 * The run moved on to {@code state}: the one place a run's stored fields are copied.
	 * @param state where it stands now
	 * @param stepState what the current step keeps, or null
	 * @param dueAt when a worker should look at it next
	 * @param leaseOwner the worker that goes on with it, or null when it is let go
	 * @param now the time of the change
	 * @return the changed run
	 */
	Run movedTo(RunState state, Map<String, Object> stepState, Instant dueAt, String leaseOwner, Instant now) {
		return new Run(this.id, this.tenantId, this.resourceId, this.action, this.fromState, this.toState,
				this.definitionJson, this.input, state.status(), state.position(), state.attempt(), state.outputs(),
				state.compensations(), stepState, dueAt, leaseOwner, state.cancelRequested(), state.error(),
				this.createdAt, now, null);
	}

}
