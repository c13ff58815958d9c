package io.strata.notification.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cloudevents.CloudEvent;

import io.strata.notification.endpoint.EndpointRepository;
import io.strata.notification.ingest.EventRenderer.RenderedEvent;
import io.strata.notification.ingest.MessageStore.NewMessage;
import io.strata.platform.consumer.ProcessedEvents;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Turns consumed domain events into messages and one pending delivery per subscribed
 * endpoint, in one transaction per batch together with the processed-event records: a
 * redelivered event finds its id and creates nothing, a crash before commit leaves
 * nothing behind. The batch costs a fixed number of statements per tenant and event type
 * in it, not per event: that is what lets the fan-out keep up with the topics.
 */
@Service
public class RecordingMessages {

	static final String CONSUMER = "notification-service/fan-out";

	/**
	 * W3C Trace Context version 00 (or a later version, read as 00): anything else is
	 * dropped rather than forwarded to receivers.
	 */
	private static final Pattern TRACEPARENT = Pattern
		.compile("[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");

	private final ProcessedEvents processed;

	private final TenantScope tenants;

	private final EventRenderer renderer;

	private final MessageStore messages;

	private final EndpointRepository endpoints;

	private final ApplicationEventPublisher events;

	public RecordingMessages(ProcessedEvents processed, TenantScope tenants, EventRenderer renderer,
			MessageStore messages, EndpointRepository endpoints, ApplicationEventPublisher events) {
		this.processed = processed;
		this.tenants = tenants;
		this.renderer = renderer;
		this.messages = messages;
		this.endpoints = endpoints;
		this.events = events;
	}

	/**
	 * What an event becomes, before anything is stored: empty for an event without tenant
	 * (platform-wide, hence no subscriber). Throws when the event cannot be rendered, so
	 * that the consumer knows which record of its batch is the poison one. The event's
	 * W3C {@code traceparent}, if it carried a valid one, is kept with the message, so
	 * that its webhooks continue the trace that caused them.
	 */
	public Optional<Incoming> prepare(CloudEvent event, String traceparent) {
		String tenant = CloudEventRecords.tenant(event);
		if (tenant == null || tenant.isBlank()) {
			return Optional.empty();
		}
		String trace = (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) ? traceparent : null;
		return Optional.of(new Incoming(event.getId(), tenant, this.renderer.render(event), trace));
	}

	/**
	 * Records a batch of prepared events in one transaction; the number of deliveries
	 * scheduled (duplicates of processed events schedule none). One wake-up of the
	 * delivery worker per batch, after the commit.
	 */
	public int record(List<Incoming> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Map<String, Incoming> byId = batch.stream()
			.collect(Collectors.toMap(Incoming::eventId, Function.identity(), (first, again) -> first));
		return this.processed.onceEach(CONSUMER, batch.stream().map(Incoming::eventId).toList(), (fresh) -> {
			Map<String, List<Incoming>> byTenant = new LinkedHashMap<>();
			fresh.forEach((id) -> byTenant.computeIfAbsent(byId.get(id).tenant(), (t) -> new ArrayList<>())
				.add(byId.get(id)));
			int messages = 0;
			int scheduled = 0;
			for (Map.Entry<String, List<Incoming>> tenant : byTenant.entrySet()) {
				int[] counts = this.tenants.call(tenant.getKey(),
						(status) -> recordTenant(tenant.getKey(), tenant.getValue()));
				messages += counts[0];
				scheduled += counts[1];
			}
			if (scheduled > 0) {
				this.events.publishEvent(new DeliveriesScheduled(messages, scheduled));
			}
			return scheduled;
		});
	}

	/** Messages recorded and deliveries scheduled for one tenant's part of the batch. */
	private int[] recordTenant(String tenant, List<Incoming> events) {
		List<NewMessage> candidates = events.stream()
			.map((event) -> new NewMessage(Ids.newId("msg"), event.eventId(), event.rendered().type(),
					event.rendered().occurredAt(), event.rendered().body(), event.traceparent()))
			.toList();
		Map<String, String> recorded = this.messages.recordAll(tenant, candidates);
		Map<String, List<String>> subscribers = new HashMap<>();
		List<String> messageIds = new ArrayList<>();
		List<String> endpointIds = new ArrayList<>();
		for (NewMessage message : candidates) {
			String messageId = recorded.get(message.eventId());
			if (messageId == null) {
				continue;
			}
			for (String endpoint : subscribers.computeIfAbsent(message.eventType(), this.endpoints::subscribedTo)) {
				messageIds.add(messageId);
				endpointIds.add(endpoint);
			}
		}
		return new int[] { recorded.size(), this.messages.scheduleAll(tenant, messageIds, endpointIds) };
	}

	/**
	 * A consumed event ready to record.
	 *
	 * @param eventId the CloudEvent id (the key of effectively-once processing)
	 * @param tenant whose endpoints may subscribe
	 * @param rendered the webhook body
	 * @param traceparent the valid W3C traceparent it came with, or {@code null}
	 */
	public record Incoming(String eventId, String tenant, RenderedEvent rendered, String traceparent) {

	}

}
