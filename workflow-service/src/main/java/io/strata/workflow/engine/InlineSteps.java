package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.strata.platform.events.DomainEvent;
import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.ApplicationEventPublisher;

/**
 * A run's consecutive steps that only touch this database, performed in one fenced
 * transaction (the caller's): each step's input evaluated against the resource as the
 * steps before left it, the step run, its outcome given to the decider, until the run
 * waits, ends, reaches a step with effects elsewhere or {@code limit} steps are done. The
 * attempts and the engine's events are written together, the run once, at the end (in the
 * {@link Batch} the caller flushes; several runs advanced in one transaction share it). A
 * step that fails stops it at once: the caller rolls the transaction back.
 */
final class InlineSteps {

	/** Statement time limits at least this long stay set for the engine's own writes. */
	private static final Duration KEPT_LIMIT = Duration.ofSeconds(5);

	/**
	 * What the transaction writes at its end (or before a write that must come after),
	 * shared by the runs it advances: their runs, attempts and the engine's events, each
	 * kind in one batch, then the runs that finished are told to the service
	 * ({@link RunFinished}), so what the service appends comes after the runs' events.
	 */
	static final class Batch {

		private final List<RunStore.Saved> saves = new ArrayList<>();

		private final List<RunStore.FinishedAttempt> attempts = new ArrayList<>();

		private final List<DomainEvent> events = new ArrayList<>();

		private final List<RunFinished> finished = new ArrayList<>();

		/** The statement time limit set in the transaction, or null. */
		private Duration limited;

		void save(Run run, String error, boolean keepLease) {
			this.saves.add(new RunStore.Saved(run, error, keepLease));
		}

		void attempt(RunStore.FinishedAttempt attempt) {
			this.attempts.add(attempt);
		}

		void event(DomainEvent event) {
			this.events.add(event);
		}

		void finished(RunFinished run) {
			this.finished.add(run);
		}

		void flush(RunStore runs, TransactionEvents outbox, ApplicationEventPublisher publisher) {
			if (!this.saves.isEmpty()) {
				runs.saveAll(List.copyOf(this.saves));
				this.saves.clear();
			}
			if (!this.attempts.isEmpty()) {
				runs.recordAttempts(List.copyOf(this.attempts));
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

	/**
	 * How it went.
	 *
	 * @param next the run to go on with outside (its next step has effects elsewhere), or
	 * null when the worker lets it go
	 * @param completed steps whose outcome was stored
	 * @param failure the visit of the step that failed (the transaction must roll back),
	 * or null
	 * @param result that step's failure
	 */
	record Outcome(Run next, int completed, RunExecutor.Visit failure, StepResult result) {

	}

	private final RunExecutor executor;

	private final Run run;

	private final RunExecutor.Lease held;

	private final int limit;

	private final Batch batch;

	/**
	 * @param executor what runs the steps
	 * @param run the run
	 * @param held its lease
	 * @param limit steps at most
	 * @param batch what the transaction writes at its end; the caller flushes it before
	 * committing
	 */
	InlineSteps(RunExecutor executor, Run run, RunExecutor.Lease held, int limit, Batch batch) {
		this.executor = executor;
		this.run = run;
		this.held = held;
		this.limit = limit;
		this.batch = batch;
	}

	Outcome run() {
		RunStore runs = this.executor.runs();
		Run current = this.run;
		int done = 0;
		while (done < this.limit) {
			List<Command> commands = this.held.decider().decide(current.state(), new RunEvent.Due(Instant.now()));
			if (!(commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt)) {
				Run next = this.executor.perform(current, commands, this.held.owner(), this.batch);
				if (next == null) {
					return done(null, done);
				}
				current = next;
				continue;
			}
			if (!this.executor.inline(attempt)) {
				break;
			}
			Map<String, Object> resource = this.executor.resourceVariables(current);
			RunExecutor.Visit visit = this.executor.visit(current, attempt, resource);
			StepResult result;
			if (visit.inputError() != null) {
				result = StepResult.failed("expression", visit.inputError(), false);
			}
			else {
				Duration timeout = RunExecutor.timeout(attempt);
				if (!timeout.equals(this.batch.limited)) {
					runs.limitStatements(timeout);
					this.batch.limited = timeout;
				}
				result = this.executor.invoker()
					.inTransaction(this.executor.stepType(attempt), this.executor.call(visit, timeout), timeout);
				if (result instanceof StepResult.Failed) {
					return new Outcome(null, done, visit, result);
				}
				if (timeout.compareTo(KEPT_LIMIT) < 0) {
					runs.unlimitStatements();
					this.batch.limited = null;
				}
			}
			if (result instanceof StepResult.Suspended) {
				// the waiting attempt is written at once (its id is kept): after those
				// before it
				this.executor.flush(this.batch);
			}
			Run next = this.executor.outcome(visit, result, this.held, this.batch);
			done++;
			if (next == null) {
				return done(null, done);
			}
			current = next;
		}
		// the run goes on outside (or in the next transaction): keep the lease
		this.batch.save(current, current.error(), true);
		return done(current, done);
	}

	private static Outcome done(Run next, int done) {
		return new Outcome(next, done, null, null);
	}

}
