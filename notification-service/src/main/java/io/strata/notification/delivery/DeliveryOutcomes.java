package io.strata.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.notification.delivery.WebhookSender.AttemptResult;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.work.Claim;
import io.strata.platform.work.Failure;
import io.strata.platform.work.WorkQueue;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.EndpointDisabled;
import io.strata.proto.notification.v1.MessageAttemptExhausted;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records a batch of attempts and what follows from them, one tenant-scoped transaction
 * per tenant of the batch, a few statements per transaction whatever its size: 2xx
 * delivers (and publishes {@code notification.delivery.succeeded} once per delivered
 * message and endpoint); 410 disables the endpoint; any other failure goes back to the
 * queue with the retry schedule's delay (at least the receiver's {@code Retry-After} on
 * 429 and 503) or, once the schedule is exhausted, is dead-lettered with
 * {@code notification.message.attempt.exhausted}. An endpoint that has failed without a
 * success for too long is disabled with {@code notification.endpoint.disabled}.
 */
@Component
class DeliveryOutcomes {

	private static final Logger log = LoggerFactory.getLogger(DeliveryOutcomes.class);

	private final JdbcClient jdbc;

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final Outbox outbox;

	private final WorkQueue<ClaimedDelivery> queue;

	private final Duration disableAfter;

	private final DeliveryMetrics metrics;

	DeliveryOutcomes(JdbcClient jdbc, TenantScope tenants, EndpointRepository endpoints, Outbox outbox,
			DeliveryQueue queue, DeliveryProperties properties, DeliveryMetrics metrics) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.outbox = outbox;
		this.queue = queue.queue();
		this.disableAfter = properties.disableAfter();
		this.metrics = metrics;
	}

	/**
	 * One attempt's outcome.
	 *
	 * @param claim the delivery
	 * @param attemptedAt when the request started
	 * @param result what the receiver answered
	 */
	record Attempted(Claim<ClaimedDelivery> claim, Instant attemptedAt, AttemptResult result) {

		ClaimedDelivery delivery() {
			return this.claim.payload();
		}

	}

	void record(List<Attempted> attempts) {
		Map<String, List<Attempted>> byTenant = new LinkedHashMap<>();
		for (Attempted attempted : attempts) {
			byTenant.computeIfAbsent(attempted.delivery().tenantId(), (tenant) -> new ArrayList<>()).add(attempted);
		}
		byTenant.forEach((tenant, list) -> {
			try {
				this.tenants.run(tenant, (status) -> recordForTenant(list));
				this.metrics.recorded(list);
			}
			catch (RuntimeException ex) {
				// their leases run out and other attempts follow; nothing is lost
				log.warn("Could not record {} delivery outcomes of tenant {}: {}", list.size(), tenant, ex.toString());
			}
		});
	}

	private void recordForTenant(List<Attempted> attempts) {
		log(attempts);
		List<Attempted> succeeded = new ArrayList<>();
		List<Failure> failures = new ArrayList<>();
		Map<String, ClaimedDelivery> gone = new LinkedHashMap<>();
		Map<String, ClaimedDelivery> failing = new LinkedHashMap<>();
		for (Attempted attempted : attempts) {
			AttemptResult result = attempted.result();
			ClaimedDelivery delivery = attempted.delivery();
			if (result.succeeded()) {
				succeeded.add(attempted);
				continue;
			}
			if (Integer.valueOf(410).equals(result.statusCode())) {
				failures.add(Failure.of(attempted.claim(), "410 Gone"));
				gone.putIfAbsent(delivery.endpointId(), delivery);
				continue;
			}
			String error = (result.error() != null) ? result.error() : "HTTP " + result.statusCode();
			boolean honoursRetryAfter = result.statusCode() != null
					&& (result.statusCode() == 429 || result.statusCode() == 503);
			failures.add(new Failure(attempted.claim(), error, honoursRetryAfter ? result.retryAfter() : null));
			failing.putIfAbsent(delivery.endpointId(), delivery);
		}
		delivered(succeeded);
		if (!failures.isEmpty()) {
			WorkQueue.Failed failed = this.queue.fail(failures);
			for (Failure failure : failures) {
				if (failed.parked().contains(failure.claim().id())) {
					exhausted((ClaimedDelivery) failure.claim().payload(), failure.error());
				}
			}
		}
		Set<String> succeeding = new LinkedHashSet<>();
		succeeded.forEach((attempted) -> succeeding.add(attempted.delivery().endpointId()));
		failing.keySet().removeAll(succeeding);
		markFailing(failing);
		gone.values().forEach((delivery) -> disable(delivery, "The endpoint answered 410 Gone."));
	}

	private void log(List<Attempted> attempts) {
		int n = attempts.size();
		String[] tenant = new String[n];
		Long[] delivery = new Long[n];
		String[] endpoint = new String[n];
		String[] message = new String[n];
		Integer[] attempt = new Integer[n];
		Long[] at = new Long[n];
		Boolean[] succeeded = new Boolean[n];
		Integer[] status = new Integer[n];
		Long[] latency = new Long[n];
		String[] excerpt = new String[n];
		String[] error = new String[n];
		for (int i = 0; i < n; i++) {
			Attempted attempted = attempts.get(i);
			ClaimedDelivery d = attempted.delivery();
			AttemptResult r = attempted.result();
			tenant[i] = d.tenantId();
			delivery[i] = d.id();
			endpoint[i] = d.endpointId();
			message[i] = d.messageId();
			attempt[i] = d.attempts() + 1;
			at[i] = attempted.attemptedAt().toEpochMilli();
			succeeded[i] = r.succeeded();
			status[i] = r.statusCode();
			latency[i] = r.latencyMillis();
			excerpt[i] = r.responseExcerpt();
			error[i] = r.error();
		}
		this.jdbc.sql("""
				INSERT INTO webhook_attempt (tenant_id, delivery_id, endpoint_id, message_id, attempt, attempted_at,
				                             succeeded, status_code, latency_ms, response_excerpt, error)
				SELECT t, d, e, m, a, to_timestamp(at / 1000.0), s, c, l, x, err
				FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::int[], ?::bigint[], ?::boolean[],
				            ?::int[], ?::bigint[], ?::text[], ?::text[]) AS u (t, d, e, m, a, at, s, c, l, x, err)""")
			.params(tenant, delivery, endpoint, message, attempt, at, succeeded, status, latency, excerpt, error)
			.update();
	}

	private void delivered(List<Attempted> succeeded) {
		if (succeeded.isEmpty()) {
			return;
		}
		Set<Object> done = this.queue.complete(succeeded.stream().map(Attempted::claim).toList());
		List<DomainEvent> events = new ArrayList<>(done.size());
		Set<String> endpointIds = new LinkedHashSet<>();
		for (Attempted attempted : succeeded) {
			ClaimedDelivery delivery = attempted.delivery();
			endpointIds.add(delivery.endpointId());
			if (done.contains(attempted.claim().id())) {
				// one event per delivered (message, endpoint), never per duplicate
				// attempt: analytics computes the webhook success rate from these
				events.add(DomainEvent.of(delivery.endpointId(), delivery.tenantId(),
						DeliverySucceeded.newBuilder()
							.setTenantId(delivery.tenantId())
							.setEndpointId(delivery.endpointId())
							.setMessageId(delivery.messageId())
							.setStatusCode(attempted.result().statusCode())
							.setLatencyMillis(attempted.result().latencyMillis())
							.build()));
			}
		}
		this.outbox.appendAll(events);
		this.jdbc
			.sql("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ANY (?) AND failing_since IS NOT NULL")
			.param(endpointIds.toArray(String[]::new))
			.update();
	}

	private void markFailing(Map<String, ClaimedDelivery> failing) {
		if (failing.isEmpty()) {
			return;
		}
		Map<String, Instant> since = new LinkedHashMap<>();
		this.jdbc.sql("""
				UPDATE webhook_endpoint SET failing_since = coalesce(failing_since, now()) WHERE id = ANY (?)
				RETURNING id, failing_since""")
			.param(failing.keySet().toArray(String[]::new))
			.query((rs, row) -> since.put(rs.getString("id"), rs.getTimestamp("failing_since").toInstant()))
			.list();
		Instant now = Instant.now();
		since.forEach((endpointId, failingSince) -> {
			if (failingSince.plus(this.disableAfter).isBefore(now)) {
				disable(failing.get(endpointId), "The endpoint has failed every delivery since " + failingSince + ".");
			}
		});
	}

	private void exhausted(ClaimedDelivery delivery, String error) {
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
