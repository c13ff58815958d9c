package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.outbox.Outbox;
import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunDecider;
import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.decider.RunState;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Advances a claimed run: asks the {@link RunDecider} what comes next, performs it and
 * stores it, until the run waits, backs off, or ends. Every outcome is written in a
 * transaction that first checks the worker still holds the run's lease, so a worker that
 * lost its lease (it stalled, another took over) changes nothing; steps that only touch
 * this database run inside that same transaction and so take effect exactly once.
 */
@Component
public class RunExecutor {

	private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final RunStore runs;

	private final RunResources resources;

	private final WorkflowDefinitions definitions;

	private final Expressions expressions;

	private final TenantScope tenants;

	private final Outbox outbox;

	private final ApplicationEventPublisher events;

	private final StepInvoker invoker;

	RunExecutor(RunStore runs, RunResources resources, WorkflowDefinitions definitions, Expressions expressions,
			StepInvoker invoker, TenantScope tenants, Outbox outbox, ApplicationEventPublisher events) {
		this.runs = runs;
		this.invoker = invoker;
		this.resources = resources;
		this.definitions = definitions;
		this.expressions = expressions;
		this.tenants = tenants;
		this.outbox = outbox;
		this.events = events;
	}

	/** Thrown when the worker no longer holds the run; it stops touching it. */
	static final class LeaseLost extends RuntimeException {

		LeaseLost(String runId) {
			super("lease on run " + runId + " lost");
		}

	}

	/**
	 * A claimed run as a worker advances it.
	 *
	 * @param decider the run's state machine (its workflow parsed once)
	 * @param owner the worker holding the lease
	 * @param lease how long the lease lasts
	 */
	private record Lease(RunDecider decider, String owner, Duration lease) {

	}

	/** Advances the run for a worker that just claimed it. */
	void advance(Run claimed, String owner, Duration lease) {
		Lease held = new Lease(
				new RunDecider(this.definitions.read(claimed.definitionJson()), ThreadLocalRandom.current()), owner,
				lease);
		Run run = claimed;
		try {
			while (run != null) {
				run = step(run, held);
			}
		}
		catch (LeaseLost ex) {
			log.info("Run {}: {}", claimed.id(), ex.getMessage());
		}
	}

	/** One step (or the end); the run to go on with, or null when the worker lets go. */
	private Run step(Run run, Lease held) {
		List<Command> commands = held.decider().decide(run.state(), new RunEvent.Due(Instant.now()));
		if (commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt) {
			return attempt(run, attempt, held);
		}
		return inTransaction(run, held, () -> perform(run, commands, held.owner()));
	}

	/**
	 * Runs one attempt of a step, then stores its outcome and what the decider makes of
	 * it.
	 */
	private Run attempt(Run run, Command.Attempt attempt, Lease held) {
		StepType type = this.definitions.stepType(attempt.step().type());
		Map<String, Object> stepState = (run.stepState() != null) ? new LinkedHashMap<>(run.stepState())
				: new LinkedHashMap<>();
		Map<String, Object> resource = inTransaction(run, held, () -> this.resources.variables(run.resourceId()));
		Object input;
		try {
			input = this.expressions.evaluate(attempt.step().input(), variables(run, resource));
		}
		catch (Expressions.ExpressionException ex) {
			return record(new Visit(run, attempt, null, stepState),
					StepResult.failed("expression", ex.getMessage(), false), held);
		}
		return attempt(new Visit(run, attempt, input, stepState), type, held);
	}

	/**
	 * One visit of a step.
	 *
	 * @param run the run
	 * @param attempt what the decider asked for
	 * @param input the step's input, evaluated (null when it could not be)
	 * @param stepState what the step keeps between visits, with its attempt's id
	 */
	private record Visit(Run run, Command.Attempt attempt, Object input, Map<String, Object> stepState) {

	}

	/** Runs the attempt on its evaluated input. */
	private Run attempt(Visit visit, StepType type, Lease held) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		Object input = visit.input();
		Map<String, Object> stepState = visit.stepState();
		if (!stepState.containsKey("attempt_id")) {
			stepState.put("attempt_id", inTransaction(run, held, () -> this.runs.startAttempt(run, attempt.name(),
					attempt.compensation(), attempt.attempt(), attempt.idempotencyKey(run.id()), held.owner(), input)));
		}
		Duration timeout = (attempt.step().timeout() != null) ? attempt.step().timeout() : DEFAULT_TIMEOUT;
		@SuppressWarnings("unchecked")
		StepCall call = new StepCall(run.id(), run.tenantId(), run.resourceId(), attempt.step(),
				(input instanceof Map<?, ?>) ? (Map<String, Object>) input : Map.of(), attempt.attempt(),
				attempt.idempotencyKey(run.id()), timeout, stepState, Instant.now(),
				(name) -> this.tenants.call(run.tenantId(), (status) -> this.runs.findSignal(run.id(), name)));
		if (type.transactional()) {
			Outcome outcome = this.tenants.call(run.tenantId(), (status) -> {
				fence(run, held);
				StepResult result = this.invoker.inTransaction(type, call, timeout);
				if (result instanceof StepResult.Failed) {
					// the step's own writes must not outlive its failure: roll them back
					// and record the failure in a transaction of its own
					status.setRollbackOnly();
					return new Outcome(result, null);
				}
				return new Outcome(result, outcome(visit, result, held));
			});
			if (!(outcome.result() instanceof StepResult.Failed)) {
				return outcome.next();
			}
			return record(visit, outcome.result(), held);
		}
		return record(visit, this.invoker.withTimeout(type, call, timeout, held.lease()), held);
	}

	private record Outcome(StepResult result, Run next) {

	}

	private Run record(Visit visit, StepResult result, Lease held) {
		return inTransaction(visit.run(), held, () -> outcome(visit, result, held));
	}

	/**
	 * Stores an attempt's outcome, then performs what the decider makes of it; inside the
	 * fenced transaction. Returns the run to continue with at once, or null.
	 */
	private Run outcome(Visit visit, StepResult result, Lease held) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		long attemptId = (visit.stepState().get("attempt_id") instanceof Number id) ? id.longValue()
				: this.runs.startAttempt(run, attempt.name(), attempt.compensation(), attempt.attempt(),
						attempt.idempotencyKey(run.id()), held.owner(), visit.input());
		Instant now = Instant.now();
		RunEvent event = switch (result) {
			case StepResult.Suspended suspended -> {
				finishAttempt(run, attempt, attemptId, "waiting", null, null, null);
				Map<String, Object> kept = new LinkedHashMap<>(suspended.stepState());
				kept.put("attempt_id", attemptId);
				yield new RunEvent.StepSuspended(suspended.wakeAt(), kept, now);
			}
			case StepResult.Completed completed -> {
				finishAttempt(run, attempt, attemptId, "completed", completed.output(), null, null);
				yield new RunEvent.StepSucceeded(completed.output(), completed.next(), now);
			}
			case StepResult.Failed failed -> {
				finishAttempt(run, attempt, attemptId, "failed", null, failed.code(), failed.message());
				yield new RunEvent.StepFailed(failed.code(), failed.message(), failed.retryable(), now);
			}
		};
		return perform(run, held.decider().decide(run.state(), event), held.owner());
	}

	private void finishAttempt(Run run, Command.Attempt attempt, long attemptId, String status, Object output,
			String errorCode, String error) {
		this.runs.finishAttempt(attemptId, status, output, errorCode, error);
		this.outbox.append(WorkflowEvents.stepFinished(run, attempt.name(), attempt.compensation(), attempt.attempt(),
				status, errorCode));
	}

	/**
	 * Stores what the decider decided, inside the fenced transaction; the run to continue
	 * with at once, or null when the worker lets it go.
	 */
	private Run perform(Run run, List<Command> commands, String owner) {
		Instant now = Instant.now();
		Run next = null;
		for (Command command : commands) {
			switch (command) {
				case Command.CancelAttempt cancel -> {
					if (run.stepState() != null && run.stepState().get("attempt_id") instanceof Number attemptId) {
						this.runs.finishAttempt(attemptId.longValue(), "cancelled", null, "cancelled", cancel.reason());
					}
				}
				case Command.Continue proceed -> {
					next = run.movedTo(proceed.next(), null, now, owner, now);
					this.runs.save(next, proceed.next().error(), true);
				}
				case Command.Wait wait -> this.runs
					.save(run.movedTo(wait.next(), wait.stepState(), wait.until(), null, now), wait.next().error());
				case Command.RetryAt retry ->
					this.runs.save(run.movedTo(retry.next(), null, retry.at(), null, now), retry.next().error());
				case Command.Finish finish -> finish(run, finish, now);
				case Command.Attempt attempt ->
					throw new IllegalStateException("an attempt is run outside a transaction: " + attempt);
			}
		}
		return next;
	}

	/**
	 * Ends the run: stores it, tells the service ({@link RunFinished}, in this
	 * transaction) and the platform ({@code workflow.run_finished}).
	 */
	private void finish(Run run, Command.Finish finish, Instant now) {
		RunState state = run.state().withStatus(finish.status()).withError(finish.error());
		Run finished = run.movedTo(state, null, now, null, now);
		this.runs.save(finished, finish.error());
		this.events.publishEvent(new RunFinished(run.id(), run.tenantId(), run.resourceId(), run.action(),
				run.fromState(), run.toState(), finish.status(), finish.error(), now));
		this.outbox.append(WorkflowEvents.finished(finished, now));
	}

	private <T> T inTransaction(Run run, Lease held, java.util.function.Supplier<T> work) {
		return this.tenants.call(run.tenantId(), (status) -> {
			fence(run, held);
			return work.get();
		});
	}

	private void fence(Run run, Lease held) {
		if (!this.runs.fence(run.id(), held.owner(), held.lease())) {
			throw new LeaseLost(run.id());
		}
	}

	private static Map<String, Object> variables(Run run, Map<String, Object> resource) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("resource", new LinkedHashMap<>(resource));
		variables.put("input", run.input());
		variables.put("steps", run.outputs());
		return variables;
	}

}
