package io.strata.notification.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.delivery.WebhookSender.AttemptResult;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.EndpointDisabled;
import io.strata.proto.notification.v1.MessageAttemptExhausted;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records an attempt and what follows from it, in one tenant-scoped transaction: 2xx
 * delivers; 410 disables the endpoint; any other failure schedules the next attempt
 * (honouring {@code Retry-After}) or, once the schedule is exhausted, dead-letters the
 * delivery and publishes {@code notification.message.attempt.exhausted} through the
 * outbox. An endpoint that has failed without a success for too long is disabled with
 * {@code notification.endpoint.disabled}.
 */
@Component
class DeliveryOutcomes {

	private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

	private final JdbcClient jdbc;

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final Outbox outbox;

	private final RetrySchedule schedule;

	private final Duration disableAfter;

	DeliveryOutcomes(JdbcClient jdbc, TenantScope tenants, EndpointRepository endpoints, Outbox outbox,
			DeliveryProperties properties) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.schedule = new RetrySchedule(properties);
		this.disableAfter = properties.disableAfter();
	}

	void apply(ClaimedDelivery delivery, Instant attemptedAt, AttemptResult result) {
		this.tenants.run(delivery.tenantId(), (status) -> {
			int attempt = delivery.attempts() + 1;
			this.jdbc.sql("""
					INSERT INTO webhook_attempt (tenant_id, delivery_id, endpoint_id, message_id, attempt, attempted_at,
					                             succeeded, status_code, latency_ms, response_excerpt, error)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(delivery.tenantId(), delivery.id(), delivery.endpointId(), delivery.messageId(), attempt,
						Timestamp.from(attemptedAt), result.succeeded(), result.statusCode(), result.latencyMillis(),
						result.responseExcerpt(), result.error())
				.update();
			if (result.succeeded()) {
				delivered(delivery, result);
			}
			else if (Integer.valueOf(410).equals(result.statusCode())) {
				retry(delivery, Duration.ZERO, "410 Gone");
				disable(delivery, "The endpoint answered 410 Gone.");
			}
			else {
				failed(delivery, result);
			}
		});
	}

	private void delivered(ClaimedDelivery delivery, AttemptResult result) {
		int updated = this.jdbc.sql("""
				UPDATE webhook_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = now(),
				       last_error = NULL
				WHERE id = ? AND attempts = ?""").params(delivery.id(), delivery.attempts()).update();
		if (updated == 1) {
			// one event per delivered (message, endpoint), never per duplicate attempt:
			// analytics computes the webhook success rate from these
			this.outbox.append(DomainEvent.of(delivery.endpointId(), delivery.tenantId(),
					DeliverySucceeded.newBuilder()
						.setTenantId(delivery.tenantId())
						.setEndpointId(delivery.endpointId())
						.setMessageId(delivery.messageId())
						.setStatusCode(result.statusCode())
						.setLatencyMillis(result.latencyMillis())
						.build()));
		}
		this.jdbc.sql("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL")
			.param(delivery.endpointId())
			.update();
	}

	private void failed(ClaimedDelivery delivery, AttemptResult result) {
		String error = (result.error() != null) ? result.error() : "HTTP " + result.statusCode();
		boolean honoursRetryAfter = result.statusCode() != null
				&& (result.statusCode() == 429 || result.statusCode() == 503);
		Optional<Duration> next = this.schedule.next(delivery.attempts() + 1,
				honoursRetryAfter ? result.retryAfter() : null);
		if (next.isPresent()) {
			retry(delivery, next.get(), error);
		}
		else {
			exhausted(delivery, error);
		}
		Instant failingSince = this.jdbc.sql("""
				UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, now()) WHERE id = ?
				RETURNING failing_since""")
			.param(delivery.endpointId())
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant)
			.orElse(Instant.now());
		if (failingSince.plus(this.disableAfter).isBefore(Instant.now())) {
			disable(delivery, "The endpoint has failed every delivery since " + failingSince + ".");
		}
	}

	private void retry(ClaimedDelivery delivery, Duration delay, String error) {
		this.jdbc.sql("""
				UPDATE webhook_delivery SET attempts = attempts + 1, last_error = ?,
				       next_attempt_at = now() + (? * interval '1 millisecond')
				WHERE id = ? AND attempts = ?""")
			.params(error, delay.toMillis(), delivery.id(), delivery.attempts())
			.update();
	}

	private void exhausted(ClaimedDelivery delivery, String error) {
		int updated = this.jdbc.sql("""
				UPDATE webhook_delivery SET status = 'dead', attempts = attempts + 1, last_error = ?, dead_at = now()
				WHERE id = ? AND attempts = ?""").params(error, delivery.id(), delivery.attempts()).update();
		if (updated == 1) {
			log.info("Delivery of {} to {} exhausted its {} attempts: {}", delivery.messageId(), delivery.endpointId(),
					delivery.attempts() + 1, error);
			this.outbox.append(DomainEvent.of(delivery.endpointId(), delivery.tenantId(),
					MessageAttemptExhausted.newBuilder()
						.setTenantId(delivery.tenantId())
						.setEndpointId(delivery.endpointId())
						.setMessageId(delivery.messageId())
						.setEventType(delivery.eventType())
						.setAttempts(delivery.attempts() + 1)
						.build()));
		}
	}

	private void disable(ClaimedDelivery delivery, String reason) {
		if (this.endpoints.disable(delivery.endpointId(), reason)) {
			log.info("Disabled endpoint {}: {}", delivery.endpointId(), reason);
			this.outbox.append(DomainEvent.of(delivery.endpointId(), delivery.tenantId(),
					EndpointDisabled.newBuilder()
						.setTenantId(delivery.tenantId())
						.setEndpointId(delivery.endpointId())
						.setReason(reason)
						.build()));
		}
	}

}
