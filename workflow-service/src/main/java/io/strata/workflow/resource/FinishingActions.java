package io.strata.workflow.resource;

import io.strata.workflow.engine.RunFinished;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends an action when its run ends, in the run's transaction: a completed run moves the
 * resource to the action's state (publishing {@code resource.state_changed}); any other
 * end only releases the resource for the next action.
 */
@Component
class FinishingActions {

	private final LockedResources locked;

	private final TransactionEvents outbox;

	FinishingActions(LockedResources locked, TransactionEvents outbox) {
		this.locked = locked;
		this.outbox = outbox;
	}

	@EventListener
	void on(RunFinished run) {
		if (run.completed()) {
			this.locked.finishAction(run.resourceId(), run.id(), run.toState(), run.finishedAt())
				.ifPresent((resource) -> this.outbox
					.append(ResourceEvents.stateChanged(resource, run.fromState(), run.action())));
		}
		else {
			this.locked.releaseAction(run.resourceId(), run.id());
		}
	}

}
