package io.strata.workflow.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.model.StepResult;

import org.springframework.stereotype.Component;

/**
 * An attempt's outcome: its row (and its {@code workflow.step_finished} event) stored,
 * the result turned into what the decider hears, and what the decider makes of it
 * performed.
 */
@Component
class Outcomes {

	private final AttemptStore attempts;

	private final ImmediateWrites now;

	private final RunFence fence;

	private final CommandPerformer performer;

	Outcomes(AttemptStore attempts, ImmediateWrites now, RunFence fence, CommandPerformer performer) {
		this.attempts = attempts;
		this.now = now;
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
	 * transaction. Returns the run to continue with at once, or null. Through a
	 * {@link RunBatch}, the attempt and the events wait in it, and a run that goes on is
	 * not written yet.
	 */
	Run apply(Visit visit, StepResult result, Lease held, RunWrites writes) {
		Instant now = Instant.now();
		// a waiting attempt is written at once: its id is kept for the next visit
		long id = finishAttempt(visit, AttemptEnding.of(result), held.owner(),
				(result instanceof StepResult.Suspended) ? this.now : writes);
		Run run = visit.run();
		return this.performer.perform(run, held.decide(run, event(result, id, now)), held.owner(), writes);
	}

	/** The same in a fenced transaction of its own, every write at once. */
	Run applyAlone(Visit visit, StepResult result, Lease held) {
		return this.fence.inTransaction(visit.run(), held, (status) -> apply(visit, result, held, this.now));
	}

	/**
	 * Stores the attempt's end: updates the attempt started before, or writes it whole
	 * (through {@code writes}); its id, or -1 when batched.
	 */
	private long finishAttempt(Visit visit, AttemptEnding ending, String owner, RunWrites writes) {
		Long attemptId = visit.attemptId();
		long id;
		if (attemptId != null) {
			this.attempts.finish(attemptId, ending);
			id = attemptId;
		}
		else {
			id = writes.attempt(new AttemptStore.Ended(visit, owner, ending));
		}
		writes.event(WorkflowEvents.stepFinished(visit, ending));
		return id;
	}

}
