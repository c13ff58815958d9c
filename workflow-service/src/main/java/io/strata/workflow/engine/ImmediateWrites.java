package io.strata.workflow.engine;

import io.strata.platform.events.DomainEvent;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The engine's writes as they happen, each its own statement. */
@Component
class ImmediateWrites implements RunWrites {

	private final RunStore runs;

	private final AttemptStore attempts;

	private final TransactionEvents outbox;

	private final ApplicationEventPublisher events;

	ImmediateWrites(RunStore runs, AttemptStore attempts, TransactionEvents outbox, ApplicationEventPublisher events) {
		this.runs = runs;
		this.attempts = attempts;
		this.outbox = outbox;
		this.events = events;
	}

	@Override
	public long attempt(AttemptStore.Ended attempt) {
		return this.attempts.record(attempt);
	}

	@Override
	public void event(DomainEvent event) {
		this.outbox.append(event);
	}

	@Override
	public void goesOn(Run run, String error) {
		this.runs.save(run, error, true);
	}

	@Override
	public void finished(Run run, String error, DomainEvent event, RunFinished ended) {
		this.runs.save(run, error);
		this.outbox.append(event);
		this.events.publishEvent(ended);
	}

}
