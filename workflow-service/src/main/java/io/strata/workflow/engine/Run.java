package io.strata.workflow.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

}
