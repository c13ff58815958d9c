package io.strata.notification.delivery;

import java.time.Duration;
import java.util.List;

import io.strata.platform.work.QueueSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered.
 *
 * @param enabled whether this instance runs delivery workers
 * @param schedule delay before each attempt, the first included (its length is the number
 * of attempts); the Standard Webhooks example schedule by default
 * @param jitter random spread of each retry delay, as a fraction (0.2 = ±20 %), so that
 * failures caused by load do not come back in lockstep
 * @param timeout an attempt succeeds only with a 2xx within this time
 * @param lease how long a claimed delivery stays invisible to other workers; longer than
 * the timeout, so only a crashed worker's deliveries are taken over
 * @param pollInterval pause between claims when nothing is due and no wake-up came (work
 * committed by another instance, a retry whose delay ran out)
 * @param batchSize deliveries claimed at once, and outcomes recorded at most at once
 * @param maxInFlight deliveries in flight per instance
 * @param endpointConcurrency deliveries in flight per endpoint and instance, so a slow
 * endpoint cannot occupy every worker
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param disableAfter an endpoint failing without a success for this long is disabled
 * @param responseExcerptBytes how much of a response body the attempt log keeps
 * @param circuitFailures consecutive failed attempts after which an endpoint is paused on
 * this instance (0: never)
 * @param circuitCoolDown how long such an endpoint is paused before a trial delivery
 * @param claimCoalesce while deliveries are in flight, how long the dispatcher lets freed
 * endpoint slots gather before it claims again, and the recorder lets outcomes gather
 * before it writes them, so that one claim and one transaction serve several deliveries
 * rather than each; an idle worker claims and records at once
 * @param recorders threads writing outcomes, each a transaction at a time: the outcomes
 * of a busy instance are written concurrently rather than queueing behind one transaction
 */
@ConfigurationProperties("strata.notification.delivery")
public record DeliveryProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("0s,5s,5m,30m,2h,5h,10h,10h") List<Duration> schedule, @DefaultValue("0.2") double jitter,
		@DefaultValue("15s") Duration timeout, @DefaultValue("60s") Duration lease,
		@DefaultValue("100ms") Duration pollInterval, @DefaultValue("64") int batchSize,
		@DefaultValue("256") int maxInFlight, @DefaultValue("4") int endpointConcurrency,
		@DefaultValue("24h") Duration maxRetryAfter, @DefaultValue("5d") Duration disableAfter,
		@DefaultValue("1024") int responseExcerptBytes, @DefaultValue("5") int circuitFailures,
		@DefaultValue("30s") Duration circuitCoolDown, @DefaultValue("10ms") Duration claimCoalesce,
		@DefaultValue("3") int recorders) {

	/** The work queue's settings, named by the properties above. */
	public QueueSettings queue() {
		return new QueueSettings(this.lease, this.batchSize, this.maxInFlight, this.endpointConcurrency,
				this.pollInterval);
	}

	public DeliveryProperties {
		if (schedule.isEmpty()) {
			throw new IllegalArgumentException("strata.notification.delivery.schedule needs at least one attempt");
		}
		if (recorders < 1) {
			throw new IllegalArgumentException("strata.notification.delivery.recorders must be at least 1");
		}
		if (lease.compareTo(timeout) <= 0) {
			throw new IllegalArgumentException("strata.notification.delivery.lease must be longer than the timeout");
		}
	}

}
