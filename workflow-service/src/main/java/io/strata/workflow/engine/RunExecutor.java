package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.decider.RunDecider;
import io.strata.workflow.engine.decider.RunEvent;
import io.strata.workflow.engine.decider.RunState;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Advances a claimed run: asks the {@link RunDecider} what comes next, performs it and
 * stores it, until the run waits, backs off, or ends. Every outcome is written in a
 * transaction that first checks the worker still holds the run's lease, so a worker that
 * lost its lease (it stalled, another took over) changes nothing.
 * <p>
 * Steps that only touch this database ({@link StepType#transactional()}) run inside that
 * transaction and so take effect exactly once; consecutive ones run in one transaction
 * ({@link InlineSteps}): one fence, one write of the run, their attempts and events
 * written together. A step that fails rolls its writes back: the steps before it in the
 * transaction are then committed on their own and the failing one is recorded in a
 * transaction of its own. Steps with effects elsewhere (HTTP) run outside any
 * transaction, their attempt recorded before and after.
 */
@Component
public class RunExecutor {

	private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final RunStore runs;

	private final RunResources resources;

	private final WorkflowDefinitions definitions;

	private final Expressions expressions;

	private final TenantScope tenants;

	private final TransactionEvents outbox;

	private final ApplicationEventPublisher events;

	private final StepInvoker invoker;

	RunExecutor(RunStore runs, RunResources resources, WorkflowDefinitions definitions, Expressions expressions,
			StepInvoker invoker, TenantScope tenants, TransactionEvents outbox, ApplicationEventPublisher events) {
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
	record Lease(RunDecider decider, String owner, Duration lease) {

	}

	/** Advances the run for a worker that just claimed it. */
	void advance(Run claimed, String owner, Duration lease) {
		Lease held = lease(claimed, owner, lease);
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

	private Lease lease(Run run, String owner, Duration lease) {
		return new Lease(new RunDecider(this.definitions.read(run.definitionJson()), ThreadLocalRandom.current()),
				owner, lease);
	}

	/**
	 * Advances claimed runs of one tenant whose next steps only touch this database in
	 * one transaction: their leases renewed (fenced) and their resources locked by one
	 * statement each, their steps run one run after the other, their runs, attempts,
	 * resources and events (the steps' too, {@link TransactionEvents}) written in one
	 * batch each just before the commit. When a step fails, the transaction rolls back
	 * and is tried again without that run, which goes on alone (its failing step then
	 * rolls back alone, as there); when a lease was lost or the transaction fails
	 * otherwise, nothing of it is kept and every run goes on alone, as if claimed alone.
	 * @param claimed runs of one tenant the worker just claimed
	 * @param owner the worker
	 * @param lease how long its leases last
	 * @return the runs the worker advances alone ({@link #advance}): those whose next
	 * step has effects elsewhere, as the transaction left them, and those it could not
	 * take
	 */
	List<Run> advanceTogether(List<Run> claimed, String owner, Duration lease) {
		Map<String, Lease> leases = new LinkedHashMap<>();
		List<Run> together = new ArrayList<>();
		List<Run> alone = new ArrayList<>();
		for (Run run : claimed) {
			Lease held = lease(run, owner, lease);
			List<Command> commands = held.decider().decide(run.state(), new RunEvent.Due(Instant.now()));
			if (commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt && inline(attempt)) {
				together.add(run);
				leases.put(run.id(), held);
			}
			else {
				alone.add(run);
			}
		}
		while (together.size() > 1) {
			Together outcome = together(together, leases, owner, lease);
			if (outcome.failed() == null) {
				alone.addAll((outcome.continuing() != null) ? outcome.continuing() : together);
				return alone;
			}
			alone.add(outcome.failed());
			together.remove(outcome.failed());
		}
		alone.addAll(together);
		return alone;
	}

	/**
	 * How runs advanced together went.
	 *
	 * @param continuing the runs that go on alone after the commit, or null when nothing
	 * was kept
	 * @param failed the run whose step failed (nothing was kept), or null
	 */
	private record Together(List<Run> continuing, Run failed) {

	}

	private Together together(List<Run> together, Map<String, Lease> leases, String owner, Duration lease) {
		try {
			return this.tenants.call(together.getFirst().tenantId(), (status) -> {
				List<String> ids = together.stream().map(Run::id).toList();
				if (this.runs.fenceAll(ids, owner, lease).size() != together.size()) {
					status.setRollbackOnly();
					return new Together(null, null);
				}
				this.resources.lockAll(together.stream().map(Run::resourceId).toList());
				this.outbox.collect();
				InlineSteps.Batch batch = new InlineSteps.Batch();
				List<Run> next = new ArrayList<>();
				for (Run run : together) {
					InlineSteps.Outcome outcome = new InlineSteps(this, run, leases.get(run.id()), Integer.MAX_VALUE,
							batch)
						.run();
					if (outcome.failure() != null) {
						status.setRollbackOnly();
						return new Together(null, run);
					}
					if (outcome.next() != null) {
						next.add(outcome.next());
					}
				}
				flush(batch);
				return new Together(next, null);
			});
		}
		catch (RuntimeException ex) {
			log.debug("Runs advanced together failed; each goes on alone", ex);
			return new Together(null, null);
		}
	}

	/** Writes what the batch holds (inside its transaction). */
	void flush(InlineSteps.Batch batch) {
		batch.flush(this.runs, this.outbox, this.events);
	}

	/** One step (or the end); the run to go on with, or null when the worker lets go. */
	private Run step(Run run, Lease held) {
		List<Command> commands = held.decider().decide(run.state(), new RunEvent.Due(Instant.now()));
		if (commands.size() == 1 && commands.getFirst() instanceof Command.Attempt attempt) {
			if (inline(attempt)) {
				return inline(run, held);
			}
			return attempt(run, attempt, held);
		}
		return inTransaction(run, held, () -> perform(run, commands, held.owner(), null));
	}

	/** Whether the attempt runs inside the run's transaction. */
	boolean inline(Command.Attempt attempt) {
		return this.definitions.stepType(attempt.step().type()).transactional();
	}

	/**
	 * Runs the run's next steps that only touch this database in one fenced transaction;
	 * when one of them fails after others succeeded, commits those first (so the failing
	 * step's writes roll back alone), then records the failure.
	 */
	private Run inline(Run run, Lease held) {
		int limit = Integer.MAX_VALUE;
		while (true) {
			int steps = limit;
			InlineSteps.Outcome outcome = this.tenants.call(run.tenantId(), (status) -> {
				fence(run, held);
				InlineSteps.Batch batch = new InlineSteps.Batch();
				InlineSteps.Outcome result = new InlineSteps(this, run, held, steps, batch).run();
				if (result.failure() != null) {
					status.setRollbackOnly();
				}
				else {
					flush(batch);
				}
				return result;
			});
			if (outcome.failure() == null) {
				return outcome.next();
			}
			if (outcome.completed() == 0) {
				return record(outcome.failure(), outcome.result(), held);
			}
			limit = outcome.completed();
		}
	}

	/** What an inline transaction needs of the executor. */
	RunStore runs() {
		return this.runs;
	}

	Map<String, Object> resourceVariables(Run run) {
		return this.resources.variables(run.resourceId());
	}

	StepInvoker invoker() {
		return this.invoker;
	}

	StepType stepType(Command.Attempt attempt) {
		return this.definitions.stepType(attempt.step().type());
	}

	/**
	 * Evaluates the attempt's input against the run and its resource: a visit of the
	 * step, or null when the input cannot be evaluated ({@code failure} gets why).
	 */
	Visit visit(Run run, Command.Attempt attempt, Map<String, Object> resource) {
		Map<String, Object> stepState = (run.stepState() != null) ? new LinkedHashMap<>(run.stepState())
				: new LinkedHashMap<>();
		try {
			return new Visit(run, attempt, this.expressions.evaluate(attempt.step().input(), variables(run, resource)),
					stepState, null, Instant.now());
		}
		catch (Expressions.ExpressionException ex) {
			return new Visit(run, attempt, null, stepState, ex.getMessage(), Instant.now());
		}
	}

	/**
	 * Runs one attempt of a step with effects outside this database, then stores its
	 * outcome and what the decider makes of it.
	 */
	private Run attempt(Run run, Command.Attempt attempt, Lease held) {
		Map<String, Object> resource = inTransaction(run, held, () -> this.resources.variables(run.resourceId()));
		Visit visit = visit(run, attempt, resource);
		if (visit.inputError() != null) {
			return record(visit, StepResult.failed("expression", visit.inputError(), false), held);
		}
		Map<String, Object> stepState = visit.stepState();
		if (!stepState.containsKey("attempt_id")) {
			stepState.put("attempt_id",
					inTransaction(run, held, () -> this.runs.startAttempt(run, attempt.name(), attempt.compensation(),
							attempt.attempt(), attempt.idempotencyKey(run.id()), held.owner(), visit.input())));
		}
		StepType type = this.definitions.stepType(attempt.step().type());
		StepCall call = call(visit, timeout(attempt));
		return record(visit, this.invoker.withTimeout(type, call, timeout(attempt), held.lease()), held);
	}

	static Duration timeout(Command.Attempt attempt) {
		return (attempt.step().timeout() != null) ? attempt.step().timeout() : DEFAULT_TIMEOUT;
	}

	/** What the step gets for the visit. */
	@SuppressWarnings("unchecked")
	StepCall call(Visit visit, Duration timeout) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		Object input = visit.input();
		return new StepCall(run.id(), run.tenantId(), run.resourceId(), attempt.step(),
				(input instanceof Map<?, ?>) ? (Map<String, Object>) input : Map.of(), attempt.attempt(),
				attempt.idempotencyKey(run.id()), timeout, visit.stepState(), Instant.now(),
				(name) -> this.tenants.call(run.tenantId(), (status) -> this.runs.findSignal(run.id(), name)));
	}

	/**
	 * One visit of a step.
	 *
	 * @param run the run
	 * @param attempt what the decider asked for
	 * @param input the step's input, evaluated (null when it could not be)
	 * @param stepState what the step keeps between visits, with its attempt's id
	 * @param inputError why the input could not be evaluated, or null
	 * @param startedAt when the visit started
	 */
	record Visit(Run run, Command.Attempt attempt, Object input, Map<String, Object> stepState, String inputError,
			Instant startedAt) {

	}

	private Run record(Visit visit, StepResult result, Lease held) {
		return inTransaction(visit.run(), held, () -> outcome(visit, result, held, null));
	}

	/**
	 * Stores an attempt's outcome, then performs what the decider makes of it; inside the
	 * fenced transaction. Returns the run to continue with at once, or null. With
	 * {@code batch}, the attempt and the events wait in it, and a run that goes on is not
	 * written yet.
	 */
	Run outcome(Visit visit, StepResult result, Lease held, InlineSteps.Batch batch) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		Long attemptId = (visit.stepState().get("attempt_id") instanceof Number id) ? id.longValue() : null;
		Instant now = Instant.now();
		RunEvent event = switch (result) {
			case StepResult.Suspended suspended -> {
				// written at once: its id is kept for the next visit
				long id = finishAttempt(visit, attemptId, "waiting", null, null, null, held, null);
				Map<String, Object> kept = new LinkedHashMap<>(suspended.stepState());
				kept.put("attempt_id", id);
				yield new RunEvent.StepSuspended(suspended.wakeAt(), kept, now);
			}
			case StepResult.Completed completed -> {
				finishAttempt(visit, attemptId, "completed", completed.output(), null, null, held, batch);
				yield new RunEvent.StepSucceeded(completed.output(), completed.next(), now);
			}
			case StepResult.Failed failed -> {
				finishAttempt(visit, attemptId, "failed", null, failed.code(), failed.message(), held, batch);
				yield new RunEvent.StepFailed(failed.code(), failed.message(), failed.retryable(), now);
			}
		};
		return perform(run, held.decider().decide(run.state(), event), held.owner(), batch);
	}

	/**
	 * Stores the attempt's end: updates the attempt started before, or writes it whole
	 * (at once, or with the batch); its id, or -1 when batched.
	 */
	private long finishAttempt(Visit visit, Long attemptId, String status, Object output, String errorCode,
			String error, Lease held, InlineSteps.Batch batch) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		long id;
		if (attemptId != null) {
			this.runs.finishAttempt(attemptId, status, output, errorCode, error);
			id = attemptId;
		}
		else {
			RunStore.FinishedAttempt finished = new RunStore.FinishedAttempt(run.id(), run.tenantId(), attempt.name(),
					attempt.compensation(), attempt.attempt(), attempt.idempotencyKey(run.id()), held.owner(),
					visit.input(), status, output, errorCode, error, visit.startedAt());
			if (batch != null) {
				batch.attempt(finished);
				id = -1;
			}
			else {
				id = this.runs.recordAttempt(finished);
			}
		}
		append(WorkflowEvents.stepFinished(run, attempt.name(), attempt.compensation(), attempt.attempt(), status,
				errorCode), batch);
		return id;
	}

	private void append(io.strata.platform.events.DomainEvent event, InlineSteps.Batch batch) {
		if (batch != null) {
			batch.event(event);
		}
		else {
			this.outbox.append(event);
		}
	}

	/**
	 * Stores what the decider decided, inside the fenced transaction; the run to continue
	 * with at once, or null when the worker lets it go. With {@code batch}, a run that
	 * goes on is not written (the batch writes it once at its end).
	 */
	Run perform(Run run, List<Command> commands, String owner, InlineSteps.Batch batch) {
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
					if (batch == null) {
						this.runs.save(next, proceed.next().error(), true);
					}
				}
				case Command.Wait wait -> this.runs
					.save(run.movedTo(wait.next(), wait.stepState(), wait.until(), null, now), wait.next().error());
				case Command.RetryAt retry ->
					this.runs.save(run.movedTo(retry.next(), null, retry.at(), null, now), retry.next().error());
				case Command.Finish finish -> finish(run, finish, now, batch);
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
	private void finish(Run run, Command.Finish finish, Instant now, InlineSteps.Batch batch) {
		RunState state = run.state().withStatus(finish.status()).withError(finish.error());
		Run finished = run.movedTo(state, null, now, null, now);
		RunFinished ended = new RunFinished(run.id(), run.tenantId(), run.resourceId(), run.action(), run.fromState(),
				run.toState(), finish.status(), finish.error(), now);
		if (batch != null) {
			// told once the batch is written: the run's events go out in their order,
			// before what the service appends
			batch.save(finished, finish.error(), false);
			batch.event(WorkflowEvents.finished(finished, now));
			batch.finished(ended);
			return;
		}
		this.runs.save(finished, finish.error());
		this.outbox.append(WorkflowEvents.finished(finished, now));
		this.events.publishEvent(ended);
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
