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

	private final ResourceStore store;

	private final LockedResources locked;

	private final TransactionEvents outbox;

	FinishingActions(ResourceStore store, LockedResources locked, TransactionEvents outbox) {
		this.store = store;
		this.locked = locked;
		this.outbox = outbox;
	}

	@EventListener
	void on(RunFinished run) {
		if (run.completed()) {
			this.store.finishAction(run.resourceId(), run.id(), run.toState(), run.finishedAt())
				.ifPresent((resource) -> {
					this.locked.changed(resource);
					this.outbox.append(ResourceEvents.stateChanged(resource, run.fromState(), run.action()));
				});
		}
		else {
			this.store.releaseAction(run.resourceId(), run.id());
			this.locked.forget(run.resourceId());
		}
	}

}
