package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.outbox.Outbox;
import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;
import io.strata.workflow.engine.model.WorkflowDefinition;
import io.strata.workflow.resource.Resource;
import io.strata.workflow.resource.ResourceEvents;
import io.strata.workflow.resource.ResourceStore;

import org.springframework.stereotype.Component;

/**
 * Advances a claimed run step by step until it waits, backs off, or ends. Every outcome
 * is written in a transaction that first checks the worker still holds the run's lease,
 * so a worker that lost its lease (it stalled, another took over) changes nothing; steps
 * that only touch this database run inside that same transaction and so take effect
 * exactly once.
 */
@Component
public class RunExecutor {

	private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

	private final RunStore runs;

	private final ResourceStore resources;

	private final WorkflowDefinitions definitions;

	private final Expressions expressions;

	private final TenantScope tenants;

	private final Outbox outbox;

	private final JsonMapper json;

	private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();

	RunExecutor(RunStore runs, ResourceStore resources, WorkflowDefinitions definitions, Expressions expressions,
			TenantScope tenants, Outbox outbox, JsonMapper json) {
		this.runs = runs;
		this.resources = resources;
		this.definitions = definitions;
		this.expressions = expressions;
		this.tenants = tenants;
		this.outbox = outbox;
		this.json = json;
	}

	/** Thrown when the worker no longer holds the run; it stops touching it. */
	static final class LeaseLost extends RuntimeException {

		LeaseLost(String runId) {
			super("lease on run " + runId + " lost");
		}

	}

	/** Advances the run for a worker that just claimed it. */
	void advance(Run claimed, String owner, Duration lease) {
		Run run = claimed;
		try {
			while (run != null) {
				run = step(run, owner, lease);
			}
		}
		catch (LeaseLost ex) {
			log.info("Run {}: {}", claimed.id(), ex.getMessage());
		}
	}

	/** One step (or the end); the run to go on with, or null when the worker lets go. */
	private Run step(Run run, String owner, Duration lease) {
		WorkflowDefinition definition = this.definitions.read(run.definitionJson(),
				this.json.readValue(run.definitionJson(), Object.class));
		if (run.cancelRequested() && run.status() != RunStatus.COMPENSATING) {
			return cancel(run, owner, lease);
		}
		boolean compensating = run.status() == RunStatus.COMPENSATING;
		if (!compensating && run.position() >= definition.size()) {
			finish(run, owner, lease, RunStatus.COMPLETED, null);
			return null;
		}
		if (compensating && run.position() < 0) {
			finish(run, owner, lease, RunStatus.COMPENSATED, run.error());
			return null;
		}
		StepDefinition step = compensating
				? definition.steps().get(run.compensations().get(run.position())).compensation()
				: definition.steps().get(run.position());
		String stepName = compensating ? definition.steps().get(run.compensations().get(run.position())).name()
				: step.name();
		StepType type = this.definitions.stepType(step.type());
		int attemptNumber = run.attempt() + 1;
		String idempotencyKey = run.id() + ":" + stepName + (compensating ? ":compensation" : "");
		Map<String, Object> stepState = (run.stepState() != null) ? new LinkedHashMap<>(run.stepState())
				: new LinkedHashMap<>();

		Object input;
		Resource resource = this.tenants.call(run.tenantId(), (status) -> {
			fence(run, owner, lease);
			return this.resources.find(run.resourceId()).orElse(null);
		});
		try {
			input = this.expressions.evaluate(step.input(), variables(run, resource));
		}
		catch (Expressions.ExpressionException ex) {
			return record(run, owner, lease, step, stepName, compensating, attemptNumber, null, stepState,
					StepResult.failed("expression", ex.getMessage(), false), definition);
		}
		Object evaluatedInput = input;
		if (!stepState.containsKey("attempt_id")) {
			long attemptId = this.tenants.call(run.tenantId(), (status) -> {
				fence(run, owner, lease);
				return this.runs.startAttempt(run, stepName, compensating, attemptNumber, idempotencyKey, owner,
						evaluatedInput);
			});
			stepState.put("attempt_id", attemptId);
		}
		Duration timeout = (step.timeout() != null) ? step.timeout() : Duration.ofSeconds(30);
		@SuppressWarnings("unchecked")
		StepCall call = new StepCall(run.id(), run.tenantId(), run.resourceId(), step,
				(input instanceof Map<?, ?>) ? (Map<String, Object>) input : Map.of(), attemptNumber, idempotencyKey,
				timeout, stepState, Instant.now(),
				(name) -> this.tenants.call(run.tenantId(), (status) -> this.runs.findSignal(run.id(), name)));
		if (type.transactional()) {
			Outcome outcome = this.tenants.call(run.tenantId(), (status) -> {
				fence(run, owner, lease);
				StepResult result = invokeInTransaction(type, call, timeout);
				if (result instanceof StepResult.Failed) {
					// the step's own writes must not outlive its failure: roll them back
					// and
					// record the failure in a transaction of its own
					status.setRollbackOnly();
					return new Outcome(result, null);
				}
				return new Outcome(result, apply(run, step, stepName, compensating, attemptNumber, evaluatedInput,
						stepState, result, definition, owner));
			});
			if (!(outcome.result() instanceof StepResult.Failed)) {
				return outcome.next();
			}
			return record(run, owner, lease, step, stepName, compensating, attemptNumber, evaluatedInput, stepState,
					outcome.result(), definition);
		}
		StepResult result = invokeWithTimeout(type, call, bounded(timeout, lease));
		return record(run, owner, lease, step, stepName, compensating, attemptNumber, evaluatedInput, stepState, result,
				definition);
	}

	private record Outcome(StepResult result, Run next) {

	}

	private Run record(Run run, String owner, Duration lease, StepDefinition step, String stepName,
			boolean compensating, int attemptNumber, Object input, Map<String, Object> stepState, StepResult result,
			WorkflowDefinition definition) {
		return this.tenants.call(run.tenantId(), (status) -> {
			fence(run, owner, lease);
			return apply(run, step, stepName, compensating, attemptNumber, input, stepState, result, definition, owner);
		});
	}

	/**
	 * Writes an attempt's outcome and moves the run on; inside the fenced transaction.
	 * Returns the run to continue with at once, or null when it waits or ended.
	 */
	private Run apply(Run run, StepDefinition step, String stepName, boolean compensating, int attemptNumber,
			Object input, Map<String, Object> stepState, StepResult result, WorkflowDefinition definition,
			String owner) {
		long attemptId = (stepState.get("attempt_id") instanceof Number id) ? id.longValue()
				: this.runs.startAttempt(run, stepName, compensating, attemptNumber,
						run.id() + ":" + stepName + (compensating ? ":compensation" : ""), owner, input);
		Instant now = Instant.now();
		switch (result) {
			case StepResult.Suspended suspended -> {
				Map<String, Object> kept = new LinkedHashMap<>(suspended.stepState());
				kept.put("attempt_id", attemptId);
				this.runs.finishAttempt(attemptId, "waiting", null, null, null);
				this.outbox
					.append(WorkflowEvents.stepFinished(run, stepName, compensating, attemptNumber, "waiting", null));
				this.runs.save(with(run, RunStatus.WAITING, run.position(), run.attempt(), run.outputs(),
						run.compensations(), kept, suspended.wakeAt()), run.error());
				return null;
			}
			case StepResult.Completed completed -> {
				this.runs.finishAttempt(attemptId, "completed", completed.output(), null, null);
				this.outbox
					.append(WorkflowEvents.stepFinished(run, stepName, compensating, attemptNumber, "completed", null));
				if (compensating) {
					Run next = with(run, RunStatus.COMPENSATING, run.position() - 1, 0, run.outputs(),
							run.compensations(), null, now);
					this.runs.save(next, run.error(), true);
					return continueWith(next, owner);
				}
				Map<String, Object> outputs = new LinkedHashMap<>(run.outputs());
				outputs.put(stepName, Map.of("output", completed.output()));
				List<Integer> compensations = new ArrayList<>(run.compensations());
				if (step.compensation() != null) {
					compensations.add(run.position());
				}
				int nextPosition = (completed.next() != null) ? definition.indexOf(completed.next())
						: run.position() + 1;
				Run next = with(run, RunStatus.RUNNING, nextPosition, 0, outputs, compensations, null, now);
				this.runs.save(next, null, true);
				return continueWith(next, owner);
			}
			case StepResult.Failed failed -> {
				String message = stepName + (compensating ? " (compensation)" : "") + ": " + failed.message();
				this.runs.finishAttempt(attemptId, "failed", null, failed.code(), failed.message());
				this.outbox.append(WorkflowEvents.stepFinished(run, stepName, compensating, attemptNumber, "failed",
						failed.code()));
				if (step.retry().allowsAnotherAttempt(attemptNumber, failed.code(), failed.retryable())) {
					Duration backoff = step.retry().backoffAfter(attemptNumber, ThreadLocalRandom.current());
					this.runs.save(with(run, run.status(), run.position(), attemptNumber, run.outputs(),
							run.compensations(), null, now.plus(backoff)), message);
					return null;
				}
				if (compensating) {
					// a compensation that fails for good leaves the saga failed: people
					// must look
					finishInTransaction(run, RunStatus.FAILED, "compensation failed: " + message);
					return null;
				}
				if (!run.compensations().isEmpty()) {
					Run next = with(run, RunStatus.COMPENSATING, run.compensations().size() - 1, 0, run.outputs(),
							run.compensations(), null, now);
					this.runs.save(next, message, true);
					return continueWith(withError(next, message), owner);
				}
				finishInTransaction(run, RunStatus.FAILED, message);
				return null;
			}
		}
	}

	/** The saved run, still leased by this worker. */
	private Run continueWith(Run saved, String owner) {
		return new Run(saved.id(), saved.tenantId(), saved.resourceId(), saved.action(), saved.fromState(),
				saved.toState(), saved.definitionJson(), saved.input(), saved.status(), saved.position(),
				saved.attempt(), saved.outputs(), saved.compensations(), saved.stepState(), saved.dueAt(), owner,
				saved.cancelRequested(), saved.error(), saved.createdAt(), saved.updatedAt(), saved.finishedAt());
	}

	/**
	 * A cancel undoes what the run did, as a failure for good would: the compensations of
	 * its completed steps run in reverse order (it ends compensated), or, with nothing to
	 * undo, it ends cancelled. A step left waiting is closed as cancelled.
	 */
	private Run cancel(Run run, String owner, Duration lease) {
		String reason = "cancelled on request";
		return this.tenants.call(run.tenantId(), (status) -> {
			fence(run, owner, lease);
			if (run.stepState() != null && run.stepState().get("attempt_id") instanceof Number attemptId) {
				this.runs.finishAttempt(attemptId.longValue(), "cancelled", null, "cancelled", reason);
			}
			if (run.compensations().isEmpty()) {
				finishInTransaction(run, RunStatus.CANCELLED, reason);
				return null;
			}
			Run next = with(run, RunStatus.COMPENSATING, run.compensations().size() - 1, 0, run.outputs(),
					run.compensations(), null, Instant.now());
			this.runs.save(next, reason, true);
			return continueWith(withError(next, reason), owner);
		});
	}

	private void finish(Run run, String owner, Duration lease, RunStatus status, String error) {
		this.tenants.run(run.tenantId(), (tx) -> {
			fence(run, owner, lease);
			finishInTransaction(run, status, error);
		});
	}

	private void finishInTransaction(Run run, RunStatus status, String error) {
		Instant now = Instant.now();
		Run finished = with(run, status, run.position(), run.attempt(), run.outputs(), run.compensations(), null, now);
		this.runs.save(finished, error);
		if (status == RunStatus.COMPLETED
				&& this.resources.finishAction(run.resourceId(), run.id(), run.toState(), now)) {
			this.resources.find(run.resourceId())
				.ifPresent((resource) -> this.outbox
					.append(ResourceEvents.stateChanged(resource, run.fromState(), run.action())));
		}
		else {
			this.resources.releaseAction(run.resourceId(), run.id());
		}
		this.outbox.append(WorkflowEvents.finished(withError(finished, error), now));
	}

	private void fence(Run run, String owner, Duration lease) {
		if (!this.runs.fence(run.id(), owner, lease)) {
			throw new LeaseLost(run.id());
		}
	}

	private Map<String, Object> variables(Run run, Resource resource) {
		Map<String, Object> variables = new LinkedHashMap<>();
		Map<String, Object> resourceVariable = new LinkedHashMap<>();
		if (resource != null) {
			resourceVariable.put("id", resource.id());
			resourceVariable.put("type", resource.type());
			resourceVariable.put("state", resource.state());
			resourceVariable.put("version", resource.version());
			resourceVariable.put("attributes", this.json.convertValue(resource.attributes(), Map.class));
		}
		variables.put("resource", resourceVariable);
		variables.put("input", run.input());
		variables.put("steps", run.outputs());
		return variables;
	}

	private static StepResult invoke(StepType type, StepCall call) {
		try {
			return type.execute(call);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			return StepResult.failed("error", ex.getMessage(), true);
		}
	}

	/**
	 * A transactional step is held to its timeout by PostgreSQL, which cancels a
	 * statement running past it ({@code statement_timeout}, local to the transaction),
	 * and by the clock for the step as a whole. A step over time fails with
	 * {@code timeout} and, like any failure, its writes roll back. It is not interrupted
	 * between statements: its own work outside the database is expected to be short.
	 */
	private StepResult invokeInTransaction(StepType type, StepCall call, Duration timeout) {
		long started = System.nanoTime();
		this.runs.limitStatements(timeout);
		StepResult result;
		try {
			result = invoke(type, call);
		}
		catch (RuntimeException ex) {
			if (cancelledByStatementTimeout(ex)) {
				return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
			}
			throw ex;
		}
		if (System.nanoTime() - started > timeout.toNanos()) {
			return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
		}
		this.runs.unlimitStatements();
		return result;
	}

	private static boolean cancelledByStatementTimeout(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLException sql && "57014".equals(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

	private StepResult invokeWithTimeout(StepType type, StepCall call, Duration timeout) {
		Future<StepResult> attempt = this.attempts.submit(() -> type.execute(call));
		try {
			return attempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			attempt.cancel(true);
			return StepResult.failed("timeout", "the attempt took longer than " + timeout, true);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return StepResult.failed("error", String.valueOf(cause.getMessage()), true);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			attempt.cancel(true);
			return StepResult.failed("interrupted", "the worker was stopped", true);
		}
	}

	/**
	 * An attempt must end well within the lease, or another worker would take the run
	 * over.
	 */
	private static Duration bounded(Duration timeout, Duration lease) {
		Duration limit = lease.multipliedBy(8).dividedBy(10);
		return (timeout.compareTo(limit) > 0) ? limit : timeout;
	}

	private static Run with(Run run, RunStatus status, int position, int attempt, Map<String, Object> outputs,
			List<Integer> compensations, Map<String, Object> stepState, Instant dueAt) {
		return new Run(run.id(), run.tenantId(), run.resourceId(), run.action(), run.fromState(), run.toState(),
				run.definitionJson(), run.input(), status, position, attempt, outputs, compensations, stepState, dueAt,
				null, run.cancelRequested(), run.error(), run.createdAt(), Instant.now(), null);
	}

	private static Run withError(Run run, String error) {
		return new Run(run.id(), run.tenantId(), run.resourceId(), run.action(), run.fromState(), run.toState(),
				run.definitionJson(), run.input(), run.status(), run.position(), run.attempt(), run.outputs(),
				run.compensations(), run.stepState(), run.dueAt(), run.leaseOwner(), run.cancelRequested(), error,
				run.createdAt(), run.updatedAt(), run.finishedAt());
	}

}
