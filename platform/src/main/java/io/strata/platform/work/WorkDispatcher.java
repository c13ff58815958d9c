package io.strata.platform.work;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The claiming loop of one queue on one instance: a platform thread that claims as long
 * as there is due work and free capacity, and otherwise waits for {@link #wakeUp()} (work
 * was committed in this JVM) or for free capacity, polling only as a fallback, every
 * {@link QueueSettings#pollInterval()}, for work committed elsewhere or whose backoff ran
 * out. What is claimed is handed to the {@link Step}, which must call
 * {@link #finished(int)} for every item once its outcome is written (or given up).
 * <p>
 * It is a {@link SmartLifecycle}: its owner exposes it as a bean and the application
 * context starts and stops it (in {@link #inPhase its phase}, optionally
 * {@link #drainingFor draining} the items in flight on stop), so no owner repeats the
 * start, stop and running delegation.
 */
public final class WorkDispatcher implements SmartLifecycle {

	/**
	 * Claims up to {@code capacity} items and starts them; returns how many it claimed.
	 */
	@FunctionalInterface
	public interface Step {

		int dispatch(int capacity);

	}

	private static final Logger log = LoggerFactory.getLogger(WorkDispatcher.class);

	private final String name;

	private final QueueSettings settings;

	private final Step step;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean running;

	private volatile Thread thread;

	private int phase = DEFAULT_PHASE;

	private boolean autoStartup = true;

	private Duration drain = Duration.ZERO;

	private long coalesceNanos;

	public WorkDispatcher(String name, QueueSettings settings, Step step) {
		this.name = name;
		this.settings = settings;
		this.step = step;
	}

	/** The lifecycle phase it starts in and stops in (default: the last to start). */
	public WorkDispatcher inPhase(int phase) {
		this.phase = phase;
		return this;
	}

	/** Whether the context starts it (false: a replica that does not run this work). */
	public WorkDispatcher autoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
		return this;
	}

	/** On stop, waits up to this long for the items in flight ({@link #awaitIdle}). */
	public WorkDispatcher drainingFor(Duration drain) {
		this.drain = drain;
		return this;
	}

	/**
	 * When woken while items are in flight (a slot freed, or work was committed during a
	 * burst), waits this long before claiming, so that one claim takes what several freed
	 * slots can, instead of one claim (a database round trip) per finished item. An idle
	 * dispatcher (nothing in flight) still claims at once. Default: zero, no waiting.
	 */
	public WorkDispatcher coalescingFor(Duration coalesce) {
		this.coalesceNanos = coalesce.toNanos();
		return this;
	}

	/** New work was committed: claim now instead of at the next poll. */
	public void wakeUp() {
		this.wake.release();
	}

	/** Items the step started (call before handing them to other threads). */
	public void started(int count) {
		this.inFlight.addAndGet(count);
	}

	/**
	 * Items whose outcome is written: their capacity is free again, and their fairness
	 * keys may have more due work that the last claim had to leave.
	 */
	public void finished(int count) {
		if (count <= 0) {
			// a claim that found nothing frees no slot: a wake-up here would make the
			// loop
			// claim again at once, an empty claim after another (RecoveringDeadLetters
			// did
			// about 9,000 a second while idle) instead of waiting for the poll interval
			return;
		}
		if (this.inFlight.addAndGet(-count) <= 0) {
			synchronized (this.inFlight) {
				this.inFlight.notifyAll();
			}
		}
		this.wake.release();
	}

	/**
	 * Waits until no item is in flight (after {@link #stop()}: for a graceful shutdown);
	 * false if some still are after {@code timeout}.
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.inFlight) {
			while (this.inFlight.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.inFlight, left);
			}
		}
		return true;
	}

	public int inFlight() {
		return this.inFlight.get();
	}

	private int threshold() {
		// claim in batches, not one item per freed slot: wait until a batch (or half the
		// capacity, if that is smaller) is free again
		return Math.max(1, Math.min(this.settings.batchSize(), this.settings.maxInFlight() / 2));
	}

	private void loop() {
		long pollMillis = this.settings.pollInterval().toMillis();
		while (this.running) {
			int free = this.settings.maxInFlight() - this.inFlight.get();
			int capacity = Math.min(this.settings.batchSize(), free);
			boolean full = false;
			if (capacity >= threshold() || this.inFlight.get() == 0) {
				try {
					int claimed = this.step.dispatch(capacity);
					full = claimed >= capacity;
				}
				catch (RuntimeException ex) {
					log.warn("Work queue {} could not claim; retrying: {}", this.name, ex.getMessage());
				}
			}
			else {
				full = true;
			}
			if (!full || this.settings.maxInFlight() - this.inFlight.get() < threshold()) {
				try {
					boolean woken = this.wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
					if (woken && this.coalesceNanos > 0 && this.inFlight.get() > 0) {
						TimeUnit.NANOSECONDS.sleep(this.coalesceNanos);
					}
					this.wake.drainPermits();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name(this.name + "-dispatcher").daemon().start(this::loop);
	}

	/**
	 * Stops claiming, then waits for the items in flight as long as {@link #drainingFor}
	 * says; the rest are the step's to finish or release.
	 */
	@Override
	public void stop() {
		this.running = false;
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
			try {
				running.join(this.settings.pollInterval().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
		if (!this.drain.isZero()) {
			try {
				awaitIdle(this.drain);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

}
