package io.strata.workflow.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.platform.events.DomainEvent;
import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.stereotype.Component;

/**
 * An attempt's outcome: its row (and its {@code workflow.step_finished} event) stored,
 * the result turned into what the decider hears, and what the decider makes of it
 * performed.
 */
@Component
class Outcomes {

	private final AttemptStore attempts;

	private final TransactionEvents outbox;

	private final RunFence fence;

	private final CommandPerformer performer;

	Outcomes(AttemptStore attempts, TransactionEvents outbox, RunFence fence, CommandPerformer performer) {
		this.attempts = attempts;
		this.outbox = outbox;
		this.fence = fence;
		this.performer = performer;
	}

	/**
	 * What the decider hears of a result; a step that waits keeps its attempt's row
	 * ({@code attemptId}) for its next visit.
	 */
	static RunEvent event(StepResult result, long attemptId, Instant at) {
		return switch (result) {
			case StepResult.Suspended suspended -> {
				Map<String, Object> kept = new LinkedHashMap<>(suspended.stepState());
				kept.put(Visit.ATTEMPT_ID, attemptId);
				yield new RunEvent.StepSuspended(suspended.wakeAt(), kept, at);
			}
			case StepResult.Completed completed -> new RunEvent.StepSucceeded(completed.output(), completed.next(), at);
			case StepResult.Failed failed ->
				new RunEvent.StepFailed(failed.code(), failed.message(), failed.retryable(), at);
		};
	}

	/**
	 * Stores the outcome, then performs what the decider makes of it; inside the fenced
	 * transaction. Returns the run to continue with at once, or null. With {@code batch},
	 * the attempt and the events wait in it, and a run that goes on is not written yet.
	 */
	Run apply(Visit visit, StepResult result, Lease held, RunBatch batch) {
		Instant now = Instant.now();
		// a waiting attempt is written at once: its id is kept for the next visit
		long id = finishAttempt(visit, AttemptEnding.of(result), held.owner(),
				(result instanceof StepResult.Suspended) ? null : batch);
		Run run = visit.run();
		return this.performer.perform(run, held.decide(run, event(result, id, now)), held.owner(), batch);
	}

	/** The same in a fenced transaction of its own. */
	Run applyAlone(Visit visit, StepResult result, Lease held) {
		return this.fence.inTransaction(visit.run(), held, (status) -> apply(visit, result, held, null));
	}

	/**
	 * Stores the attempt's end: updates the attempt started before, or writes it whole
	 * (at once, or with the batch); its id, or -1 when batched.
	 */
	private long finishAttempt(Visit visit, AttemptEnding ending, String owner, RunBatch batch) {
		Long attemptId = visit.attemptId();
		long id;
		if (attemptId != null) {
			this.attempts.finish(attemptId, ending);
			id = attemptId;
		}
		else if (batch != null) {
			batch.attempt(new AttemptStore.Ended(visit, owner, ending));
			id = -1;
		}
		else {
			id = this.attempts.record(new AttemptStore.Ended(visit, owner, ending));
		}
		DomainEvent event = WorkflowEvents.stepFinished(visit, ending);
		if (batch != null) {
			batch.event(event);
		}
		else {
			this.outbox.append(event);
		}
		return id;
	}

}
