package io.strata.workflow.engine.decider;

import java.time.Instant;
import java.util.Map;

import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.engine.model.StepDefinition;

/** What the executor must do next for a run, as the decider tells it. */
public sealed interface Command {

	/** Attempt a step: a step of the workflow or the compensation of one. */
	sealed interface Attempt extends Command {

		/** The workflow step's name (a compensation carries its step's name). */
		String name();

		/** What to run. */
		StepDefinition step();

		/** 1-based attempt number. */
		int attempt();

		boolean compensation();

		/** The same for every attempt of the step in the run. */
		default String idempotencyKey(String runId) {
			return runId + ":" + name() + (compensation() ? ":compensation" : "");
		}

	}

	/**
	 * Attempt a step of the workflow.
	 *
	 * @param name the step
	 * @param step its definition
	 * @param attempt 1-based
	 */
	record RunStep(String name, StepDefinition step, int attempt) implements Attempt {

		@Override
		public boolean compensation() {
			return false;
		}

	}

	/**
	 * Attempt the compensation of a completed step (compensations run in reverse order).
	 *
	 * @param name the completed step
	 * @param step its compensation's definition
	 * @param attempt 1-based
	 */
	record Compensate(String name, StepDefinition step, int attempt) implements Attempt {

		@Override
		public boolean compensation() {
			return true;
		}

	}

	/**
	 * Close the attempt the run left waiting, if any, as cancelled.
	 *
	 * @param reason why
	 */
	record CancelAttempt(String reason) implements Command {

	}

	/**
	 * Store the run's progress and go on with it at once (the worker keeps it).
	 *
	 * @param next the run from now on
	 */
	record Continue(RunState next) implements Command {

	}

	/**
	 * Store the run and let it go until a timer fires or a signal arrives.
	 *
	 * @param next the run from now on ({@code waiting})
	 * @param until when it is due again at the latest
	 * @param stepState what the waiting step keeps
	 */
	record Wait(RunState next, Instant until, Map<String, Object> stepState) implements Command {

	}

	/**
	 * Store the failed attempt and let the run go until the step may be tried again.
	 *
	 * @param next the run from now on (the attempts made, the last failure)
	 * @param at when the step is tried again
	 */
	record RetryAt(RunState next, Instant at) implements Command {

	}

	/** End the run. */
	sealed interface Finish extends Command {

		RunStatus status();

		/** Why it did not complete, or null. */
		String error();

	}

	/**
	 * Every step completed.
	 *
	 * @param result the steps' outputs
	 */
	record Complete(Map<String, Object> result) implements Finish {

		@Override
		public RunStatus status() {
			return RunStatus.COMPLETED;
		}

		@Override
		public String error() {
			return null;
		}

	}

	/**
	 * A step (or a compensation) failed for good.
	 *
	 * @param error why
	 */
	record Fail(String error) implements Finish {

		@Override
		public RunStatus status() {
			return RunStatus.FAILED;
		}

	}

	/**
	 * Every compensation ran after a failure or a cancel.
	 *
	 * @param error the failure (or cancel) compensated
	 */
	record Compensated(String error) implements Finish {

		@Override
		public RunStatus status() {
			return RunStatus.COMPENSATED;
		}

	}

	/**
	 * Cancelled with nothing to undo.
	 *
	 * @param error why
	 */
	record Cancelled(String error) implements Finish {

		@Override
		public RunStatus status() {
			return RunStatus.CANCELLED;
		}

	}

}
