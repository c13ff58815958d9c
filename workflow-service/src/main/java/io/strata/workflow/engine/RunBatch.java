package io.strata.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.strata.platform.events.DomainEvent;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What a transaction that runs steps inline writes at its end (or before a write that
 * must come after), shared by the runs it advances: their runs, attempts and the engine's
 * events, each kind in one batch, then the runs that finished are told to the service
 * ({@link RunFinished}), so what the service appends comes after the runs' events.
 */
final class RunBatch implements RunWrites {

	private final List<RunStore.Saved> saves = new ArrayList<>();

	private final List<AttemptStore.Ended> attempts = new ArrayList<>();

	private final List<DomainEvent> events = new ArrayList<>();

	private final List<RunFinished> finished = new ArrayList<>();

	/** The statement time limit set in the transaction, or null. */
	private Duration limited;

	void save(Run run, String error, boolean keepLease) {
		this.saves.add(new RunStore.Saved(run, error, keepLease));
	}

	@Override
	public long attempt(AttemptStore.Ended attempt) {
		this.attempts.add(attempt);
		return -1;
	}

	@Override
	public void event(DomainEvent event) {
		this.events.add(event);
	}

	/**
	 * Writes nothing yet: whoever holds the batch saves the run it ends with once
	 * ({@link #save}, {@link InlineSteps}).
	 */
	@Override
	public void goesOn(Run run, String error) {
	}

	/**
	 * Told once the batch is written: the run's events go out in their order, before what
	 * the service appends.
	 */
	@Override
	public void finished(Run run, String error, DomainEvent event, RunFinished ended) {
		save(run, error, false);
		this.events.add(event);
		this.finished.add(ended);
	}

	/**
	 * Notes the statement time limit the transaction gets (null: none); whether that is a
	 * change, so the caller sets it.
	 */
	boolean limitStatements(Duration limit) {
		if (Objects.equals(limit, this.limited)) {
			return false;
		}
		this.limited = limit;
		return true;
	}

	void flush(RunStore runs, AttemptStore attempts, TransactionEvents outbox, ApplicationEventPublisher publisher) {
		if (!this.saves.isEmpty()) {
			runs.saveAll(List.copyOf(this.saves));
			this.saves.clear();
		}
		if (!this.attempts.isEmpty()) {
			attempts.recordAll(List.copyOf(this.attempts));
			this.attempts.clear();
		}
		if (!this.events.isEmpty()) {
			outbox.appendAll(List.copyOf(this.events));
			this.events.clear();
		}
		List<RunFinished> ended = List.copyOf(this.finished);
		this.finished.clear();
		ended.forEach(publisher::publishEvent);
	}

}
