package io.strata.workflow.engine;

import java.time.Duration;
import java.util.List;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * A run's consecutive steps that only touch this database
 * ({@link StepType#transactional()}), performed in one fenced transaction, so each takes
 * effect exactly once: each step's input evaluated against the resource as the steps
 * before left it, the step run, its outcome given to the decider, until the run waits,
 * ends, reaches a step with effects elsewhere or {@code limit} steps are done. The
 * attempts and the engine's events are written together, the run once, at the end (in the
 * {@link RunBatch} the transaction flushes; several runs advanced in one transaction
 * share it, {@link RunsTogether}). A step that fails stops it at once: the transaction
 * rolls back.
 */
@Component
class InlineSteps {

	/** Statement time limits at least this long stay set for the engine's own writes. */
	private static final Duration KEPT_LIMIT = Duration.ofSeconds(5);

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
	record Outcome(Run next, int completed, Visit failure, StepResult result) {

	}

	private final RunStore runs;

	private final RunFence fence;

	private final StepAttempts attempts;

	private final Outcomes outcomes;

	private final CommandPerformer performer;

	InlineSteps(RunStore runs, RunFence fence, StepAttempts attempts, Outcomes outcomes, CommandPerformer performer) {
		this.runs = runs;
		this.fence = fence;
		this.attempts = attempts;
		this.outcomes = outcomes;
		this.performer = performer;
	}

	/** Whether the attempt runs inside the run's transaction. */
	boolean takes(Command.Attempt attempt) {
		return this.attempts.inline(attempt);
	}

	/**
	 * Runs the run's next steps that only touch this database in one fenced transaction;
	 * when one of them fails after others succeeded, commits those first (so the failing
	 * step's writes roll back alone), then records the failure. The run to go on with, or
	 * null.
	 */
	Run advance(Run run, Lease held) {
		int limit = Integer.MAX_VALUE;
		while (true) {
			int steps = limit;
			Outcome outcome = this.fence.inTransaction(run, held, (status) -> {
				RunBatch batch = new RunBatch();
				Outcome result = run(run, held, steps, batch);
				if (result.failure() != null) {
					status.setRollbackOnly();
				}
				else {
					this.performer.flush(batch);
				}
				return result;
			});
			if (outcome.failure() == null) {
				return outcome.next();
			}
			if (outcome.completed() == 0) {
				return this.outcomes.applyAlone(outcome.failure(), outcome.result(), held);
			}
			limit = outcome.completed();
		}
	}

	/**
	 * Runs up to {@code limit} steps of the run inside the caller's fenced transaction,
	 * their writes in {@code batch}; the caller flushes it before committing, or rolls
	 * back when a step failed.
	 */
	Outcome run(Run run, Lease held, int limit, RunBatch batch) {
		Run current = run;
		int done = 0;
		while (done < limit) {
			List<Command> commands = held.due(current);
			if (!(commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt)) {
				Run next = this.performer.perform(current, commands, held.owner(), batch);
				if (next == null) {
					return done(null, done);
				}
				current = next;
				continue;
			}
			if (!takes(attempt)) {
				break;
			}
			Visit visit = this.attempts.visit(current, attempt);
			StepResult result = visit.inputFailure();
			if (result == null) {
				result = invoke(visit, batch);
				if (result instanceof StepResult.Failed) {
					return new Outcome(null, done, visit, result);
				}
			}
			if (result instanceof StepResult.Suspended) {
				// the waiting attempt is written at once (its id is kept): after those
				// before it
				this.performer.flush(batch);
			}
			Run next = this.outcomes.apply(visit, result, held, batch);
			done++;
			if (next == null) {
				return done(null, done);
			}
			current = next;
		}
		// the run goes on outside (or in the next transaction): keep the lease
		batch.save(current, current.error(), true);
		return done(current, done);
	}

	/**
	 * Runs the step held to its timeout by PostgreSQL ({@link RunStore#limitStatements}).
	 */
	private StepResult invoke(Visit visit, RunBatch batch) {
		Duration timeout = StepInputs.timeout(visit.attempt());
		if (batch.limitStatements(timeout)) {
			this.runs.limitStatements(timeout);
		}
		StepResult result = this.attempts.inTransaction(visit);
		if (!(result instanceof StepResult.Failed) && timeout.compareTo(KEPT_LIMIT) < 0
				&& batch.limitStatements(null)) {
			this.runs.unlimitStatements();
		}
		return result;
	}

	private static Outcome done(Run next, int done) {
		return new Outcome(next, done, null, null);
	}

}
