package io.strata.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.delivery.DeliveryOutcomes.Attempted;
import io.strata.notification.delivery.WebhookSender.AttemptResult;
import io.strata.notification.ingest.DeliveriesScheduled;
import io.strata.platform.work.Claim;
import io.strata.platform.work.WorkDispatcher;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers webhooks from the platform work queue in batches. A {@link WorkDispatcher}
 * claims a batch of due deliveries (at most {@code endpoint-concurrency} per endpoint in
 * sending, so a slow or failing endpoint never holds the others' slots) when new
 * deliveries are committed here ({@link DeliveriesScheduled}), when a request or an
 * outcome frees capacity, and otherwise every poll interval; each delivery is sent on its
 * own virtual thread; recorder threads ({@code recorders}) write the outcomes of
 * everything that finished meanwhile in one transaction per tenant. Safe on any number of
 * instances: claims are row locks plus a lease.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final DeliveryQueue queue;

	private final DeliveryOutcomes outcomes;

	private final WebhookSender sender;

	private final SigningKeys keys;

	private final DeliveryProperties properties;

	private final EndpointLimits limits = new EndpointLimits();

	private final EndpointCircuits circuits;

	private final BlockingQueue<Attempted> finished = new LinkedBlockingQueue<>();

	private final WorkDispatcher dispatcher;

	private volatile boolean running;

	private volatile ExecutorService deliveries;

	private volatile List<Thread> recorders = List.of();

	DeliveryWorker(DeliveryQueue queue, DeliveryOutcomes outcomes, WebhookSender sender, SigningKeys keys,
			DeliveryProperties properties) {
		this.queue = queue;
		this.outcomes = outcomes;
		this.sender = sender;
		this.keys = keys;
		this.properties = properties;
		this.circuits = new EndpointCircuits(properties.circuitFailures(), properties.circuitCoolDown());
		this.dispatcher = new WorkDispatcher("webhook", queue.settings(), this::dispatch)
			.coalescingFor(properties.claimCoalesce());
	}

	/** New deliveries were committed: claim now instead of at the next poll. */
	public void wakeUp() {
		this.dispatcher.wakeUp();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(DeliveriesScheduled scheduled) {
		wakeUp();
	}

	private int dispatch(int capacity) {
		List<Claim<ClaimedDelivery>> batch = this.queue.claim(capacity,
				this.circuits.capped(this.limits.inFlight(), this.properties.endpointConcurrency()));
		this.dispatcher.started(batch.size());
		for (Claim<ClaimedDelivery> claim : batch) {
			this.limits.begin(claim.key());
			this.deliveries.submit(() -> deliver(claim));
		}
		return batch.size();
	}

	private void deliver(Claim<ClaimedDelivery> claim) {
		ClaimedDelivery delivery = claim.payload();
		try {
			this.limits.awaitRate(delivery.endpointId(), delivery.rateLimitPerSecond());
			Instant attemptedAt = Instant.now();
			AttemptResult result = this.sender.send(delivery.url(), delivery.messageId(), delivery.body(),
					this.keys.of(delivery), delivery.traceparent());
			if (this.circuits.record(delivery.endpointId(), result.succeeded())) {
				log.info("Endpoint {} failed {} times in a row: paused for {} on this instance", delivery.endpointId(),
						this.properties.circuitFailures(), this.properties.circuitCoolDown());
			}
			// the endpoint's slot is free once its request is: its next deliveries may be
			// claimed and sent while this outcome waits to be recorded (the row stays
			// leased until then, so it is not claimed twice)
			this.limits.end(delivery.endpointId());
			this.dispatcher.wakeUp();
			this.finished.add(new Attempted(claim, attemptedAt, result));
			return;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			release(claim);
		}
		catch (RuntimeException ex) {
			// the lease runs out and another attempt follows; nothing is lost
			log.warn("Delivery {} of {} failed unexpectedly: {}", delivery.id(), delivery.messageId(), ex.toString());
		}
		this.limits.end(delivery.endpointId());
		this.dispatcher.finished(1);
	}

	private void release(Claim<ClaimedDelivery> claim) {
		try {
			this.queue.queue().release(List.of(claim));
		}
		catch (RuntimeException ex) {
			log.debug("Could not release delivery {}; its lease runs out instead", claim.id(), ex);
		}
	}

	/** Writes the outcomes of what finished, as many at once as there are. */
	private void record() {
		List<Attempted> batch = new ArrayList<>();
		while (this.running || !this.finished.isEmpty()) {
			try {
				Attempted first = this.finished.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				if (this.finished.size() < this.properties.batchSize() - 1 && this.dispatcher.inFlight() > 1) {
					gather();
				}
				this.finished.drainTo(batch, this.properties.batchSize() - 1);
				this.outcomes.record(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				if (!this.running) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// the leases run out and other attempts follow; nothing is lost
				log.warn("Could not record {} delivery outcomes: {}", batch.size(), ex.toString());
			}
			finally {
				this.dispatcher.finished(batch.size());
				batch.clear();
			}
		}
	}

	/** More outcomes are about to come: lets them gather, for one transaction. */
	private void gather() {
		try {
			TimeUnit.NANOSECONDS.sleep(this.properties.claimCoalesce().toNanos());
		}
		catch (InterruptedException ex) {
			// what was taken is recorded all the same
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.running = true;
		this.deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-delivery-", 0).factory());
		List<Thread> recorders = new ArrayList<>();
		for (int i = 0; i < this.properties.recorders(); i++) {
			recorders.add(Thread.ofPlatform().name("webhook-outcomes-" + i).daemon().start(this::record));
		}
		this.recorders = recorders;
		this.dispatcher.start();
	}

	@Override
	public void stop() {
		this.dispatcher.stop();
		ExecutorService executor = this.deliveries;
		if (executor != null) {
			executor.shutdown();
			try {
				// in-flight deliveries finish within the timeout; the rest are
				// redelivered after their lease
				executor.awaitTermination(this.properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// the recorders write what finished, then end
		this.running = false;
		for (Thread thread : this.recorders) {
			try {
				thread.join(this.properties.timeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.recorders = List.of();
		this.deliveries = null;
	}

	@Override
	public boolean isRunning() {
		return this.dispatcher.isRunning();
	}

	@Override
	public int getPhase() {
		// stop before the outbox relay (-100), so a last exhausted-event still gets
		// published
		return SmartLifecycle.DEFAULT_PHASE - 50;
	}

}
