package io.strata.workflow.engine;

import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs this replica's worker in a loop: at once when an action started here, else every
 * poll interval (runs started by other replicas, timers, retries, expired leases).
 */
@Component
public class WorkflowWorkers implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WorkflowWorkers.class);

	private final WorkflowWorker worker;

	private final WorkflowProperties properties;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread loop;

	WorkflowWorkers(RunStore runs, RunExecutor executor, WorkflowProperties properties) {
		this.properties = properties;
		this.worker = new WorkflowWorker(runs, executor, "worker-" + UUID.randomUUID(), properties.lease(),
				properties.concurrency());
	}

	/** The lease owner this replica's worker writes into the runs it holds. */
	public String owner() {
		return this.worker.owner();
	}

	/** New work is due: look now rather than at the next poll. */
	public void wakeUp() {
		this.wakeUps.release();
	}

	@Override
	public void start() {
		if (!this.properties.workers()) {
			return;
		}
		this.loop = Thread.ofPlatform().name("workflow-worker").daemon().start(this::loop);
	}

	private void loop() {
		while (!Thread.currentThread().isInterrupted()) {
			try {
				int claimed = this.worker.runOnce();
				if (claimed == 0) {
					this.wakeUps.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
					this.wakeUps.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				log.warn("Workflow worker loop failed; retrying", ex);
				try {
					Thread.sleep(this.properties.pollInterval().toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	@Override
	public void stop() {
		Thread running = this.loop;
		if (running != null) {
			running.interrupt();
			try {
				running.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.loop = null;
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

}
