package io.strata.workflow.engine;

import java.time.Instant;

import io.strata.workflow.engine.model.RunStatus;

/**
 * A run reached a final state: published inside the transaction that stores it, so a
 * listener's writes commit (or roll back) with it. Features that care listen (the
 * resource feature applies the action's resulting state); the engine imports none of
 * them.
 *
 * @param id the run (and operation) id
 * @param tenantId owner
 * @param resourceId the resource the action ran on
 * @param action the action's name
 * @param fromState the resource's state when the action started
 * @param toState the state the action leads to
 * @param status how it ended: completed, failed, compensated or cancelled
 * @param error why it did not complete, or null
 * @param finishedAt when
 */
public record RunFinished(String id, String tenantId, String resourceId, String action, String fromState,
		String toState, RunStatus status, String error, Instant finishedAt) {

	public boolean completed() {
		return this.status == RunStatus.COMPLETED;
	}

}
