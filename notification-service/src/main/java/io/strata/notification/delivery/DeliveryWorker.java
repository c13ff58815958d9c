package io.strata.notification.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.delivery.WebhookSender.AttemptResult;
import io.strata.notification.endpoint.EndpointRepository.SigningSecrets;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.notification.endpoint.WebhookSecrets;
import io.strata.notification.ingest.DeliveriesScheduled;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Claims due deliveries and sends each on its own virtual thread. A dispatcher thread
 * claims as long as there is work and capacity, and otherwise sleeps until the poll
 * interval passes or {@link #wakeUp()} says that new deliveries were committed. Safe on
 * any number of instances: claims are row locks plus a lease.
 */
@Component
public class DeliveryWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	private final DeliveryClaims claims;

	private final DeliveryOutcomes outcomes;

	private final WebhookSender sender;

	private final EndpointRepository endpoints;

	private final WebhookSecrets secrets;

	private final DeliveryProperties properties;

	private final EndpointLimits limits = new EndpointLimits();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final Semaphore wake = new Semaphore(0);

	private volatile boolean running;

	private volatile Thread dispatcher;

	private volatile ExecutorService deliveries;

	DeliveryWorker(DeliveryClaims claims, DeliveryOutcomes outcomes, WebhookSender sender, EndpointRepository endpoints,
			WebhookSecrets secrets, DeliveryProperties properties) {
		this.claims = claims;
		this.outcomes = outcomes;
		this.sender = sender;
		this.endpoints = endpoints;
		this.secrets = secrets;
		this.properties = properties;
	}

	/** New deliveries were committed: claim now instead of at the next poll. */
	public void wakeUp() {
		this.wake.release();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(DeliveriesScheduled scheduled) {
		wakeUp();
	}

	private void dispatch() {
		long pollMillis = this.properties.pollInterval().toMillis();
		while (this.running) {
			int claimed = 0;
			try {
				int capacity = Math.min(this.properties.batchSize(),
						this.properties.maxInFlight() - this.inFlight.get());
				if (capacity > 0) {
					List<ClaimedDelivery> batch = this.claims.claim(this.limits.inFlight(),
							this.properties.endpointConcurrency(), capacity, this.properties.lease().toMillis());
					claimed = batch.size();
					for (ClaimedDelivery delivery : batch) {
						this.limits.begin(delivery.endpointId());
						this.inFlight.incrementAndGet();
						this.deliveries.submit(() -> deliver(delivery));
					}
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not claim deliveries; retrying: {}", ex.getMessage());
			}
			if (claimed == 0) {
				try {
					this.wake.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
					this.wake.drainPermits();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private void deliver(ClaimedDelivery delivery) {
		try {
			this.limits.awaitRate(delivery.endpointId(), delivery.rateLimitPerSecond());
			Instant attemptedAt = Instant.now();
			AttemptResult result = this.sender.send(delivery.url(), delivery.messageId(), delivery.body(),
					keys(delivery), delivery.traceparent());
			this.outcomes.apply(delivery, attemptedAt, result);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.claims.release(delivery.id(), delivery.attempts());
		}
		catch (RuntimeException ex) {
			// the lease runs out and another attempt follows; nothing is lost
			log.warn("Delivery {} of {} failed unexpectedly: {}", delivery.id(), delivery.messageId(), ex.toString());
		}
		finally {
			this.limits.end(delivery.endpointId());
			this.inFlight.decrementAndGet();
			this.wake.release();
		}
	}

	private List<byte[]> keys(ClaimedDelivery delivery) {
		SigningSecrets stored = this.endpoints.signingSecrets(delivery.endpointId());
		List<byte[]> keys = new ArrayList<>(2);
		keys.add(this.secrets.decrypt(delivery.tenantId(), delivery.endpointId(), stored.current()));
		if (stored.previous() != null) {
			keys.add(this.secrets.decrypt(delivery.tenantId(), delivery.endpointId(), stored.previous()));
		}
		return keys;
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			return;
		}
		this.running = true;
		this.deliveries = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-delivery-", 0).factory());
		this.dispatcher = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::dispatch);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.dispatcher;
		if (thread != null) {
			thread.interrupt();
		}
		ExecutorService executor = this.deliveries;
		if (executor != null) {
			executor.shutdown();
			try {
				// in-flight deliveries finish within the timeout; the rest are
				// redelivered
				// after their lease
				executor.awaitTermination(this.properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.dispatcher = null;
		this.deliveries = null;
	}

	@Override
	public boolean isRunning() {
		return this.dispatcher != null;
	}

	@Override
	public int getPhase() {
		// stop before the outbox relay (-100), so a last exhausted-event still gets
		// published
		return SmartLifecycle.DEFAULT_PHASE - 50;
	}

}
