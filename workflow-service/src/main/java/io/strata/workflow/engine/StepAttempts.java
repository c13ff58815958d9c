package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepResult;

import org.springframework.stereotype.Component;

/**
 * One attempt of a step: its visit prepared from the run and its resource
 * ({@link StepInputs}), the step invoked inside the run's transaction or outside any
 * ({@link StepInvoker}).
 */
@Component
class StepAttempts {

	private final RunResources resources;

	private final StepInputs inputs;

	private final StepInvoker invoker;

	private final RunSignals signals;

	StepAttempts(RunResources resources, Expressions expressions, StepInvoker invoker, RunSignals signals) {
		this.resources = resources;
		this.inputs = new StepInputs(expressions);
		this.invoker = invoker;
		this.signals = signals;
	}

	/** Whether the attempt runs inside the run's transaction. */
	boolean inline(Command.Attempt attempt) {
		return this.invoker.transactional(attempt.step());
	}

	/** The attempt's visit, its input evaluated; inside the run's transaction. */
	Visit visit(Run run, Command.Attempt attempt) {
		return this.inputs.visit(run, attempt, this.resources.variables(run.resourceId()), Instant.now());
	}

	/** Runs the visit's step inside the caller's transaction. */
	StepResult inTransaction(Visit visit) {
		return this.invoker.inTransaction(call(visit));
	}

	/** Runs the visit's step outside any transaction, within a share of the lease. */
	StepResult outside(Visit visit, Duration lease) {
		return this.invoker.withTimeout(call(visit), lease);
	}

	private StepCall call(Visit visit) {
		return StepInputs.call(visit, this.signals.of(visit.run()), Instant.now());
	}

}
