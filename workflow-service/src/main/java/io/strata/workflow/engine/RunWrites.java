package io.strata.workflow.engine;

import io.strata.platform.events.DomainEvent;

/**
 * Where the engine's writes inside a run's fenced transaction go: at once
 * ({@link ImmediateWrites}), or gathered and written together at the transaction's end
 * ({@link RunBatch}).
 */
interface RunWrites {

	/** Stores an attempt's end; its id, or -1 while it waits in a batch. */
	long attempt(AttemptStore.Ended attempt);

	/** Appends one of the engine's events to the outbox. */
	void event(DomainEvent event);

	/**
	 * Stores the progress of a run the worker goes on with at once (keeping its lease).
	 */
	void goesOn(Run run, String error);

	/**
	 * Stores a run that ended with its {@code workflow.run_finished} event, then tells
	 * the service ({@link RunFinished}).
	 */
	void finished(Run run, String error, DomainEvent event, RunFinished ended);

}
