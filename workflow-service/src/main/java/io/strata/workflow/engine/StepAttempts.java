package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;

import io.strata.platform.tenant.TenantScope;
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

	private final TenantScope tenants;

	private final RunStore runs;

	StepAttempts(RunResources resources, Expressions expressions, StepInvoker invoker, TenantScope tenants,
			RunStore runs) {
		this.resources = resources;
		this.inputs = new StepInputs(expressions);
		this.invoker = invoker;
		this.tenants = tenants;
		this.runs = runs;
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
		Run run = visit.run();
		return StepInputs.call(visit,
				(name) -> this.tenants.call(run.tenantId(), (status) -> this.runs.findSignal(run.id(), name)),
				Instant.now());
	}

}
