package io.strata.workflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.strata.platform.work.QueueSettings;
import io.strata.platform.work.WorkDispatcher;

import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * Runs this replica's worker with the platform {@link WorkDispatcher}: it claims due runs
 * as soon as an action started here ({@link #wakeUp()}) or a run it advances finishes and
 * frees a slot, and otherwise every poll interval (runs started by other replicas,
 * timers, retries, expired leases). Up to {@code concurrency} runs advance at once: the
 * claimed runs of a tenant in groups of up to {@code batch}, each group's steps that only
 * touch this database in one transaction on one virtual thread, then each run whose next
 * step has effects elsewhere on its own; a slow run does not hold back the claiming of
 * the next ones.
 */
@Component
public class WorkflowWorkers {

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

	private final WorkflowWorker worker;

	private final WorkDispatcher dispatcher;

	private final int batch;

	WorkflowWorkers(RunStore runs, RunExecutor executor, WorkflowProperties properties) {
		this.batch = properties.batch();
		this.worker = new WorkflowWorker(runs, executor, "worker-" + UUID.randomUUID(), properties.lease(),
				properties.concurrency());
		this.dispatcher = new WorkDispatcher("workflow-worker",
				new QueueSettings(properties.lease(), properties.batch(), properties.concurrency(), 1,
						properties.pollInterval()),
				this::dispatch)
			.autoStartup(properties.workers())
			// runs in flight finish their step; the others come back after their lease
			.drainingFor(SHUTDOWN_WAIT);
	}

	/** The lease owner this replica's worker writes into the runs it holds. */
	public String owner() {
		return this.worker.owner();
	}

	/** New work is due: look now rather than at the next poll. */
	public void wakeUp() {
		this.dispatcher.wakeUp();
	}

	private int dispatch(int capacity) {
		List<Run> claimed = this.worker.claim(capacity);
		this.dispatcher.started(claimed.size());
		Map<String, List<Run>> byTenant = new LinkedHashMap<>();
		for (Run run : claimed) {
			byTenant.computeIfAbsent(run.tenantId(), (tenant) -> new ArrayList<>()).add(run);
		}
		for (List<Run> runs : byTenant.values()) {
			for (int from = 0; from < runs.size(); from += this.batch) {
				this.worker.advanceTogetherAsync(runs.subList(from, Math.min(runs.size(), from + this.batch)),
						(count) -> {
							if (count > 0) {
								this.dispatcher.finished(count);
							}
						});
			}
		}
		return claimed.size();
	}

	/** Its claiming loop, which the context starts (if workers run here) and stops. */
	@Bean
	WorkDispatcher workflowWorkerDispatcher() {
		return this.dispatcher;
	}

}
