package io.strata.workflow.engine;

import java.time.Instant;
import java.util.List;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunState;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Stores what the decider decided, inside the run's fenced transaction: the run's
 * progress, its waits and retries, the attempt a cancel closes, and its end (with
 * {@code workflow.run_finished} on the outbox and {@link RunFinished} told to the
 * service).
 */
@Component
class CommandPerformer {

	private final RunStore runs;

	private final AttemptStore attempts;

	private final TransactionEvents outbox;

	private final ApplicationEventPublisher events;

	CommandPerformer(RunStore runs, AttemptStore attempts, TransactionEvents outbox, ApplicationEventPublisher events) {
		this.runs = runs;
		this.attempts = attempts;
		this.outbox = outbox;
		this.events = events;
	}

	/**
	 * Performs the commands; the run to continue with at once, or null when the worker
	 * lets it go. A run that goes on or ends is stored through {@code writes} (at once,
	 * or in a batch written once at its end).
	 */
	Run perform(Run run, List<Command> commands, String owner, RunWrites writes) {
		Instant now = Instant.now();
		Run next = null;
		for (Command command : commands) {
			switch (command) {
				case Command.CancelAttempt cancel -> {
					if (run.stepState() != null && run.stepState().get(Visit.ATTEMPT_ID) instanceof Number attemptId) {
						this.attempts.finish(attemptId.longValue(), AttemptEnding.cancelled(cancel.reason()));
					}
				}
				case Command.Continue proceed -> {
					next = run.movedTo(proceed.next(), null, now, owner, now);
					writes.goesOn(next, proceed.next().error());
				}
				case Command.Wait wait -> this.runs
					.save(run.movedTo(wait.next(), wait.stepState(), wait.until(), null, now), wait.next().error());
				case Command.RetryAt retry ->
					this.runs.save(run.movedTo(retry.next(), null, retry.at(), null, now), retry.next().error());
				case Command.Finish finish -> finish(run, finish, now, writes);
				case Command.Attempt attempt ->
					throw new IllegalStateException("an attempt is run outside a transaction: " + attempt);
			}
		}
		return next;
	}

	/** Writes what the batch holds (inside its transaction). */
	void flush(RunBatch batch) {
		batch.flush(this.runs, this.attempts, this.outbox, this.events);
	}

	/**
	 * Ends the run: stores it, tells the service ({@link RunFinished}, in this
	 * transaction) and the platform ({@code workflow.run_finished}).
	 */
	private void finish(Run run, Command.Finish finish, Instant now, RunWrites writes) {
		RunState state = run.state().withStatus(finish.status()).withError(finish.error());
		Run finished = run.movedTo(state, null, now, null, now);
		RunFinished ended = new RunFinished(run.id(), run.tenantId(), run.resourceId(), run.action(), run.fromState(),
				run.toState(), finish.status(), finish.error(), now);
		writes.finished(finished, finish.error(), WorkflowEvents.finished(finished, now), ended);
	}

}
