package io.strata.workflow.engine.decider;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.WorkflowDefinition;

/**
 * The workflow engine's state machine: given a run's state and what happened, the
 * commands that come next. Pure: no I/O, no clock (events carry their time), randomness
 * (retry jitter) given.
 *
 * <pre>
 * running ──step succeeded──▶ running (next step) … ──past the last step──▶ completed
 *    │  ╰──step suspended──▶ waiting ──due (timer, signal)──▶ running (same attempt)
 *    │  ╰──step failed, retries left──▶ running (retry at)
 *    ╰──step failed for good / cancel──▶ compensating (last completed step first)
 *                                      ╰─ nothing to undo: failed / cancelled
 * compensating ──compensation succeeded──▶ compensating (one step back) … ──▶ compensated
 *              ╰──compensation failed for good──▶ failed
 * </pre>
 */
public final class RunDecider {

	static final String CANCELLED = "cancelled on request";

	private final WorkflowDefinition workflow;

	private final RandomGenerator random;

	/**
	 * @param workflow the run's workflow, parsed once
	 * @param random spreads retries (the retry policy's jitter)
	 */
	public RunDecider(WorkflowDefinition workflow, RandomGenerator random) {
		this.workflow = workflow;
		this.random = random;
	}

	public List<Command> decide(RunState state, RunEvent event) {
		return switch (event) {
			case RunEvent.Due due -> due(state);
			case RunEvent.StepSucceeded succeeded -> List.of(succeeded(state, succeeded));
			case RunEvent.StepFailed failed -> List.of(failed(state, failed));
			case RunEvent.StepSuspended suspended -> List
				.of(new Command.Wait(state.withStatus(RunStatus.WAITING), suspended.until(), suspended.stepState()));
		};
	}

	/**
	 * A cancel undoes what the run did, as a failure for good would: the compensations of
	 * its completed steps run in reverse order (it ends compensated), or, with nothing to
	 * undo, it ends cancelled. A step left waiting is closed as cancelled.
	 */
	private List<Command> due(RunState state) {
		if (state.cancelRequested() && !state.compensating()) {
			return List.of(new Command.CancelAttempt(CANCELLED), state.compensations().isEmpty()
					? new Command.Cancelled(CANCELLED) : new Command.Continue(compensating(state, CANCELLED)));
		}
		if (!state.compensating() && state.position() >= this.workflow.size()) {
			return List.of(new Command.Complete(state.outputs()));
		}
		if (state.compensating() && state.position() < 0) {
			return List.of(new Command.Compensated(state.error()));
		}
		return List.of(current(state));
	}

	/** The attempt the run is at: of its next step, or of the compensation it runs. */
	public Command.Attempt current(RunState state) {
		if (state.compensating()) {
			StepDefinition done = this.workflow.steps().get(state.compensations().get(state.position()));
			return new Command.Compensate(done.name(), done.compensation(), state.attempt() + 1);
		}
		StepDefinition step = this.workflow.steps().get(state.position());
		return new Command.RunStep(step.name(), step, state.attempt() + 1);
	}

	private Command succeeded(RunState state, RunEvent.StepSucceeded succeeded) {
		if (state.compensating()) {
			return new Command.Continue(state.at(state.position() - 1));
		}
		StepDefinition step = this.workflow.steps().get(state.position());
		Map<String, Object> outputs = new LinkedHashMap<>(state.outputs());
		outputs.put(step.name(), Map.of("output", succeeded.output()));
		List<Integer> compensations = new ArrayList<>(state.compensations());
		if (step.compensation() != null) {
			compensations.add(state.position());
		}
		int next = (succeeded.next() != null) ? this.workflow.indexOf(succeeded.next()) : state.position() + 1;
		return new Command.Continue(
				new RunState(RunStatus.RUNNING, next, 0, outputs, compensations, state.cancelRequested(), null));
	}

	private Command failed(RunState state, RunEvent.StepFailed failed) {
		Command.Attempt attempt = current(state);
		String message = attempt.name() + (attempt.compensation() ? " (compensation)" : "") + ": " + failed.message();
		if (attempt.step().retry().allowsAnotherAttempt(attempt.attempt(), failed.code(), failed.retryable())) {
			Duration backoff = attempt.step().retry().backoffAfter(attempt.attempt(), this.random);
			return new Command.RetryAt(state.withAttempt(attempt.attempt()).withError(message),
					failed.at().plus(backoff));
		}
		if (state.compensating()) {
			// a compensation that fails for good leaves the saga failed: people must look
			return new Command.Fail("compensation failed: " + message);
		}
		if (!state.compensations().isEmpty()) {
			return new Command.Continue(compensating(state, message));
		}
		return new Command.Fail(message);
	}

	/** Undoing starts with the last completed step that has a compensation. */
	private static RunState compensating(RunState state, String reason) {
		return state.withStatus(RunStatus.COMPENSATING).at(state.compensations().size() - 1).withError(reason);
	}

}
