package io.strata.workflow.engine;

import io.strata.workflow.engine.decider.Command;

import org.springframework.stereotype.Component;

/**
 * A step with effects outside this database (HTTP) runs outside any transaction: its
 * attempt is recorded before (so a worker that takes the run over sees it was started)
 * and after, each in a fenced transaction of its own.
 */
@Component
class OutsideSteps {

	private final RunFence fence;

	private final AttemptStore started;

	private final StepAttempts attempts;

	private final Outcomes outcomes;

	OutsideSteps(RunFence fence, AttemptStore started, StepAttempts attempts, Outcomes outcomes) {
		this.fence = fence;
		this.started = started;
		this.attempts = attempts;
		this.outcomes = outcomes;
	}

	/**
	 * Runs one attempt, then stores its outcome and what the decider makes of it; the run
	 * to go on with, or null.
	 */
	Run attempt(Run run, Command.Attempt attempt, Lease held) {
		Visit visit = this.fence.inTransaction(run, held, (status) -> this.attempts.visit(run, attempt));
		if (visit.inputFailure() != null) {
			return this.outcomes.applyAlone(visit, visit.inputFailure(), held);
		}
		Visit started = (visit.attemptId() != null) ? visit : visit
			.started(this.fence.inTransaction(run, held, (status) -> this.started.start(visit, held.owner())));
		return this.outcomes.applyAlone(started, this.attempts.outside(started, held.lease()), held);
	}

}
