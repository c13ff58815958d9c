package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.model.StepResult;

/**
 * A run's consecutive steps that only touch this database, performed in one fenced
 * transaction (the caller's): each step's input evaluated against the resource as the
 * steps before left it, the step run, its outcome given to the decider, until the run
 * waits, ends, reaches a step with effects elsewhere or {@code limit} steps are done. The
 * attempts and the engine's events are written together, the run once, at the end. A step
 * that fails stops it at once: the caller rolls the transaction back.
 */
final class InlineSteps {

	/** Statement time limits at least this long stay set for the engine's own writes. */
	private static final Duration KEPT_LIMIT = Duration.ofSeconds(5);

	/**
	 * What the transaction writes at its end (or before a write that must come after).
	 *
	 * @param attempts finished attempts, in order
	 * @param events the engine's events, in order
	 */
	record Batch(List<RunStore.FinishedAttempt> attempts, List<DomainEvent> events) {

		Batch() {
			this(new ArrayList<>(), new ArrayList<>());
		}

		void flush(RunStore runs, Outbox outbox) {
			if (!this.attempts.isEmpty()) {
				runs.recordAttempts(List.copyOf(this.attempts));
				this.attempts.clear();
			}
			if (!this.events.isEmpty()) {
				outbox.appendAll(List.copyOf(this.events));
				this.events.clear();
			}
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

	private final Batch batch = new Batch();

	private final Outbox outbox;

	InlineSteps(RunExecutor executor, Outbox outbox, Run run, RunExecutor.Lease held, int limit) {
		this.executor = executor;
		this.outbox = outbox;
		this.run = run;
		this.held = held;
		this.limit = limit;
	}

	Outcome run() {
		RunStore runs = this.executor.runs();
		Duration limited = null;
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
				if (!timeout.equals(limited)) {
					runs.limitStatements(timeout);
					limited = timeout;
				}
				result = this.executor.invoker()
					.inTransaction(this.executor.stepType(attempt), this.executor.call(visit, timeout), timeout);
				if (result instanceof StepResult.Failed) {
					return new Outcome(null, done, visit, result);
				}
				if (timeout.compareTo(KEPT_LIMIT) < 0) {
					runs.unlimitStatements();
					limited = null;
				}
			}
			if (result instanceof StepResult.Suspended) {
				// the waiting attempt is written at once (its id is kept): after those
				// before it
				this.batch.flush(runs, this.outbox);
			}
			Run next = this.executor.outcome(visit, result, this.held, this.batch);
			done++;
			if (next == null) {
				return done(null, done);
			}
			current = next;
		}
		// the run goes on outside (or in the next transaction): keep the lease
		runs.save(current, current.error(), true);
		return done(current, done);
	}

	private Outcome done(Run next, int done) {
		this.batch.flush(this.executor.runs(), this.outbox);
		return new Outcome(next, done, null, null);
	}

}
