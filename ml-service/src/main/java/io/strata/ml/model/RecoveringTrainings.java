package io.strata.ml.model;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends the trainings that a dead instance left as {@code training}: a version whose lease
 * ran out is recorded as {@code failed}, with the reason, and {@code training_failed} is
 * published as for any failed training, so a caller polling the version or listening to
 * webhooks learns it and trains again.
 * <p>
 * Failing rather than resuming: a training's rows are read at its start with the caller's
 * token, a JWT that lives five minutes, and are held in memory only. After a crash there
 * are neither rows nor a token to read them again, and keeping either (a copy of the
 * tenant's data, or a credential that reads every tenant's resources) is worse than
 * asking for a new version; and a resumed fit would silently train on other data than the
 * caller asked for at the time. An operator who restarts a service expects the
 * interrupted work to say so, not to stay pending forever.
 * <p>
 * Runs on its own thread, a quarter of the lease apart: renewing this instance's leases
 * must not wait behind anomaly evaluation on Spring's scheduler.
 */
@Component
class RecoveringTrainings implements SmartLifecycle {

	static final String INTERRUPTED = "The training was interrupted (the service running it stopped) "
			+ "and did not finish within its lease; train again.";

	private static final Logger log = LoggerFactory.getLogger(RecoveringTrainings.class);

	private static final int BATCH = 100;

	private final TrainingLeases leases;

	private final ModelRegistry registry;

	private final ModelEvents events;

	private ScheduledExecutorService timer;

	RecoveringTrainings(TrainingLeases leases, ModelRegistry registry, ModelEvents events) {
		this.leases = leases;
		this.registry = registry;
		this.events = events;
	}

	/** Renews this instance's leases, then fails the trainings whose lease expired. */
	void run() {
		try {
			this.leases.renew();
			List<TrainingLeases.Held> expired;
			do {
				expired = this.leases.takeExpired(BATCH);
				expired.forEach(this::fail);
			}
			while (expired.size() == BATCH);
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew or recover trainings; the next run tries again", ex);
		}
	}

	private void fail(TrainingLeases.Held training) {
		try {
			this.registry.find(training.tenant(), training.name(), training.version())
				.filter((manifest) -> Manifest.TRAINING.equals(manifest.state()))
				.ifPresent((manifest) -> {
					Manifest failed = manifest.failed(INTERRUPTED);
					this.registry.save(training.tenant(), failed);
					log.warn("Training {} version {} of {} was interrupted; recorded as failed", training.name(),
							training.version(), training.tenant());
					this.events.finished(training.tenant(), failed);
				});
		}
		catch (RuntimeException ex) {
			log.warn("Could not fail the interrupted training {} version {} of {}; the next run tries again",
					training.name(), training.version(), training.tenant(), ex);
			this.leases.giveBack(training);
		}
	}

	@Override
	public void start() {
		long period = Math.max(250, this.leases.lease().toMillis() / 4);
		this.timer = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ml-training-leases").daemon().factory());
		this.timer.scheduleWithFixedDelay(this::run, 0, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.timer.shutdownNow();
		this.timer = null;
	}

	@Override
	public boolean isRunning() {
		return this.timer != null;
	}

}
