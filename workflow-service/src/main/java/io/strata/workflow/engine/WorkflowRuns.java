package io.strata.workflow.engine;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.model.RunStatus;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The engine's use cases: start a run, signal it, cancel it. Every adapter (HTTP, gRPC,
 * GraphQL) calls these and so answers the same way; workers advance what they start.
 */
@Service
public class WorkflowRuns {

	private final RunStore runs;

	private final RunSignals signals;

	private final TenantScope tenants;

	private final TransactionEvents outbox;

	private final WorkflowWorkers workers;

	WorkflowRuns(RunStore runs, RunSignals signals, TenantScope tenants, TransactionEvents outbox,
			WorkflowWorkers workers) {
		this.runs = runs;
		this.signals = signals;
		this.tenants = tenants;
		this.outbox = outbox;
		this.workers = workers;
	}

	/**
	 * What starts a run.
	 *
	 * @param id the run (and operation) id
	 * @param tenantId owner
	 * @param resourceId the resource the action runs on
	 * @param action the action's name
	 * @param fromState the resource's state now
	 * @param toState the state the action leads to
	 * @param definitionJson the workflow, as JSON text
	 * @param input the action's input
	 */
	public record NewRun(String id, String tenantId, String resourceId, String action, String fromState, String toState,
			String definitionJson, Map<String, Object> input) {

	}

	/**
	 * Stores pending runs (one batch) and publishes their {@code workflow.run_started},
	 * inside the caller's tenant transaction (where the caller claims what the runs act
	 * on); workers take them up once that transaction commits.
	 * @param requests the runs
	 * @return the stored runs, in order
	 */
	public List<Run> startAll(List<NewRun> requests) {
		if (requests.isEmpty()) {
			return List.of();
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<Run> started = requests.stream().map((request) -> pending(request, now)).toList();
		this.runs.insertAll(started);
		started.forEach((run) -> this.outbox.append(WorkflowEvents.started(run)));
		wakeUpWorkersAfterCommit();
		return started;
	}

	private static Run pending(NewRun request, Instant now) {
		return new Run(request.id(), request.tenantId(), request.resourceId(), request.action(), request.fromState(),
				request.toState(), request.definitionJson(), request.input(), RunStatus.PENDING, 0, 0, Map.of(),
				List.of(), null, now, null, false, null, now, now, null);
	}

	/**
	 * Records a named signal for a run (a run waiting for it goes on).
	 * @param tenantId the caller's tenant
	 * @param runId the run
	 * @param name the signal
	 * @param payload its body
	 * @throws ProblemException 404 for an unknown run, 409 when it has finished or got
	 * the signal already
	 */
	public void signal(String tenantId, String runId, String name, Map<String, Object> payload) {
		this.tenants.run(tenantId, (status) -> {
			Run run = this.runs.find(runId).orElseThrow(() -> ProblemException.notFound("Operation", runId));
			if (run.status().terminal()) {
				throw ProblemException.conflict("The operation has finished (" + run.status().wire() + ").");
			}
			if (!this.signals.record(runId, tenantId, name, payload)) {
				throw ProblemException.conflict("The signal '" + name + "' was already sent to this operation.");
			}
		});
		this.workers.wakeUp();
	}

	/**
	 * Asks a run to stop: its completed steps compensate (in reverse order).
	 * @param tenantId the caller's tenant
	 * @param runId the run
	 * @throws ProblemException 404 for an unknown run, 409 when it has finished or is
	 * compensating
	 */
	public void cancel(String tenantId, String runId) {
		this.tenants.run(tenantId, (status) -> {
			Run run = this.runs.find(runId).orElseThrow(() -> ProblemException.notFound("Operation", runId));
			if (!this.runs.requestCancel(runId)) {
				throw ProblemException.conflict("The operation can no longer be cancelled (" + run.status().wire()
						+ "): it has finished or is compensating.");
			}
		});
		this.workers.wakeUp();
	}

	private void wakeUpWorkersAfterCommit() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.workers.wakeUp();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				WorkflowRuns.this.workers.wakeUp();
			}
		});
	}

}
