package io.strata.notification.ingest;

import java.util.List;
import java.util.regex.Pattern;

import io.cloudevents.CloudEvent;

import io.strata.notification.endpoint.EndpointRepository;
import io.strata.notification.ingest.EventRenderer.RenderedEvent;
import io.strata.platform.consumer.ProcessedEvents;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.tenant.TenantScope;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Turns one consumed domain event into a message and one pending delivery per subscribed
 * endpoint, in one transaction together with the processed-event record: a redelivered
 * event finds its id and creates nothing, a crash before commit leaves nothing behind.
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
	 * Number of deliveries scheduled (0 for a duplicate or an event without tenant). The
	 * event's W3C {@code traceparent}, if it carried a valid one, is kept with the
	 * message, so that its webhooks continue the trace that caused them.
	 */
	public int record(CloudEvent event, String traceparent) {
		String trace = (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) ? traceparent : null;
		String tenant = CloudEventRecords.tenant(event);
		if (tenant == null || tenant.isBlank()) {
			// platform-wide events have no tenant, hence no subscriber
			return 0;
		}
		RenderedEvent rendered = this.renderer.render(event);
		return this.processed.once(CONSUMER, event.getId(), () -> this.tenants.call(tenant, (status) -> {
			String messageId = this.messages
				.record(tenant, event.getId(), rendered.type(), rendered.occurredAt(), rendered.body(), true, trace)
				.orElse(null);
			if (messageId == null) {
				return 0;
			}
			List<String> subscribed = this.endpoints.subscribedTo(rendered.type());
			int scheduled = this.messages.schedule(tenant, messageId, subscribed);
			if (scheduled > 0) {
				this.events.publishEvent(new DeliveriesScheduled(messageId, scheduled));
			}
			return scheduled;
		})).orElse(0);
	}

}
