package io.strata.notification.delivery;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * Webhook delivery outcomes and latency, for dashboards and alerts:
 * {@code strata.webhook.attempts} counts attempts by {@code outcome} (delivered, failed,
 * gone), {@code strata.webhook.request} times the receivers' answers, and
 * {@code strata.webhook.delivered.latency} is the time from the event's commit to its
 * successful delivery (a histogram: the p95 the delivery objective speaks of).
 */
@Component
class DeliveryMetrics {

	private final Counter delivered;

	private final Counter failed;

	private final Counter gone;

	private final Timer request;

	private final Timer latency;

	DeliveryMetrics(MeterRegistry meters) {
		this.delivered = attempts(meters, "delivered");
		this.failed = attempts(meters, "failed");
		this.gone = attempts(meters, "gone");
		this.request = Timer.builder("strata.webhook.request")
			.description("How long receivers took to answer a delivery attempt")
			.publishPercentileHistogram()
			.register(meters);
		this.latency = Timer.builder("strata.webhook.delivered.latency")
			.description("Time from an event's commit to its successful delivery to an endpoint")
			.publishPercentileHistogram()
			.register(meters);
	}

	private static Counter attempts(MeterRegistry meters, String outcome) {
		return Counter.builder("strata.webhook.attempts")
			.description("Webhook delivery attempts by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	/** Counts attempts whose outcomes were stored. */
	void recorded(List<DeliveryOutcomes.Attempted> attempts) {
		for (DeliveryOutcomes.Attempted attempted : attempts) {
			WebhookSender.AttemptResult result = attempted.result();
			this.request.record(Duration.ofMillis(Math.max(0, result.latencyMillis())));
			if (result.succeeded()) {
				this.delivered.increment();
				Duration sinceCommit = Duration.between(attempted.delivery().occurredAt(),
						attempted.attemptedAt().plusMillis(result.latencyMillis()));
				if (!sinceCommit.isNegative()) {
					this.latency.record(sinceCommit);
				}
			}
			else if (Integer.valueOf(410).equals(result.statusCode())) {
				this.gone.increment();
			}
			else {
				this.failed.increment();
			}
		}
	}

}
