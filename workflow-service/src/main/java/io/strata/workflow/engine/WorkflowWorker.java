package io.strata.workflow.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker: claims due runs ({@code FOR UPDATE SKIP LOCKED} with a lease) and advances
 * them in parallel. Many workers, in one replica or many, share the database safely.
 */
public class WorkflowWorker {

	private static final Logger log = LoggerFactory.getLogger(WorkflowWorker.class);

	private final RunStore runs;

	private final RunExecutor executor;

	private final String owner;

	private final Duration lease;

	private final int concurrency;

	private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * Runs this worker is advancing, each with the run as a later claim returned it, if
	 * one did. A claim may return a run a thread here still has (its lease ran out while
	 * a slow step held it, or the thread let it go and has not finished yet; the claim
	 * renewed the lease for this same owner, so a second thread's fence would pass too):
	 * no second thread starts; the one that has it advances it again as claimed once it
	 * is done, if it let it go.
	 */
	private final Map<String, Optional<Run>> advancing = new HashMap<>();

	public WorkflowWorker(RunStore runs, RunExecutor executor, String owner, Duration lease, int concurrency) {
		this.runs = runs;
		this.executor = executor;
		this.owner = owner;
		this.lease = lease;
		this.concurrency = concurrency;
	}

	public String owner() {
		return this.owner;
	}

	/** Claims what is due and advances it; the number of runs it took. */
	public int runOnce() {
		List<Run> claimed = claim();
		List<Future<?>> work = claimed.stream().<Future<?>>map((run) -> this.threads.submit(() -> {
			try {
				this.executor.advance(run, this.owner, this.lease);
			}
			finally {
				release(run.id());
			}
		})).toList();
		for (Future<?> future : work) {
			try {
				future.get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return claimed.size();
			}
			catch (Exception ex) {
				log.warn("A run failed to advance; its lease lets another worker retry it", ex);
			}
		}
		return claimed.size();
	}

	/**
	 * Advances a claimed run on its own virtual thread and calls {@code done} when it has
	 * (or has failed to: its lease lets another worker retry it).
	 */
	public void advanceAsync(Run run, Runnable done) {
		this.threads.submit(() -> {
			try {
				this.executor.advance(run, this.owner, this.lease);
			}
			catch (RuntimeException ex) {
				log.warn("A run failed to advance; its lease lets another worker retry it", ex);
			}
			finally {
				release(run.id());
				done.run();
			}
		});
	}

	/**
	 * Advances claimed runs of one tenant on one virtual thread, together in one
	 * transaction as far as they only touch this database
	 * ({@link RunExecutor#advanceTogether}), then each run that goes on alone on its own
	 * virtual thread; calls {@code done} with the number of runs each time some are
	 * advanced (or failed to be: their leases let another worker retry them).
	 */
	public void advanceTogetherAsync(List<Run> runs, java.util.function.IntConsumer done) {
		this.threads.submit(() -> {
			List<Run> alone = runs;
			try {
				alone = this.executor.advanceTogether(runs, this.owner, this.lease);
			}
			catch (RuntimeException ex) {
				log.warn("Runs failed to advance; each goes on alone", ex);
			}
			finally {
				Set<String> goOn = alone.stream().map(Run::id).collect(Collectors.toSet());
				runs.stream().map(Run::id).filter((id) -> !goOn.contains(id)).forEach(this::release);
				done.accept(runs.size() - alone.size());
			}
			for (Run run : alone) {
				advanceAsync(run, () -> done.accept(1));
			}
		});
	}

	/**
	 * Claims up to {@code limit} due runs; leaves out those this worker is advancing
	 * already.
	 */
	public List<Run> claim(int limit) {
		return this.runs.claim(this.owner, this.lease, limit).stream().filter(this::take).toList();
	}

	/** Whether no thread here has the run (it is this worker's now). */
	private synchronized boolean take(Run run) {
		if (this.advancing.containsKey(run.id())) {
			this.advancing.put(run.id(), Optional.of(run));
			return false;
		}
		this.advancing.put(run.id(), Optional.empty());
		return true;
	}

	/**
	 * The thread that had the run is done with it; advances it again when a claim
	 * returned it meanwhile (that claim renewed its lease: nobody else takes it before it
	 * runs out).
	 */
	private void release(String runId) {
		Run again;
		synchronized (this) {
			Optional<Run> claimed = this.advancing.remove(runId);
			again = (claimed != null) ? claimed.orElse(null) : null;
			if (again != null) {
				this.advancing.put(runId, Optional.empty());
			}
		}
		if (again != null) {
			advanceAsync(again, () -> {
			});
		}
	}

	/**
	 * Only claims: what a worker that dies right after claiming leaves behind (tests).
	 */
	public List<Run> claim() {
		return claim(this.concurrency);
	}

}
