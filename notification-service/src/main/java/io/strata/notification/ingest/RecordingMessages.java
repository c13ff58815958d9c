package io.strata.notification.ingest;

import java.util.List;

import io.cloudevents.CloudEvent;

import io.strata.notification.delivery.DeliveryWorker;
import io.strata.notification.endpoint.EndpointRepository;
import io.strata.notification.ingest.EventRenderer.RenderedEvent;
import io.strata.platform.consumer.ProcessedEvents;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.tenant.TenantScope;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns one consumed domain event into a message and one pending delivery per subscribed
 * endpoint, in one transaction together with the processed-event record: a redelivered
 * event finds its id and creates nothing, a crash before commit leaves nothing behind.
 */
@Service
public class RecordingMessages {

	static final String CONSUMER = "notification-service/fan-out";

	private final ProcessedEvents processed;

	private final TenantScope tenants;

	private final EventRenderer renderer;

	private final MessageStore messages;

	private final EndpointRepository endpoints;

	private final DeliveryWorker worker;

	public RecordingMessages(ProcessedEvents processed, TenantScope tenants, EventRenderer renderer,
			MessageStore messages, EndpointRepository endpoints, DeliveryWorker worker) {
		this.processed = processed;
		this.tenants = tenants;
		this.renderer = renderer;
		this.messages = messages;
		this.endpoints = endpoints;
		this.worker = worker;
	}

	/** Number of deliveries scheduled (0 for a duplicate or an event without tenant). */
	public int record(CloudEvent event) {
		String tenant = CloudEventRecords.tenant(event);
		if (tenant == null || tenant.isBlank()) {
			// platform-wide events have no tenant, hence no subscriber
			return 0;
		}
		RenderedEvent rendered = this.renderer.render(event);
		return this.processed.once(CONSUMER, event.getId(), () -> this.tenants.call(tenant, (status) -> {
			String messageId = this.messages
				.record(tenant, event.getId(), rendered.type(), rendered.occurredAt(), rendered.body(), true)
				.orElse(null);
			if (messageId == null) {
				return 0;
			}
			List<String> subscribed = this.endpoints.subscribedTo(rendered.type());
			int scheduled = this.messages.schedule(tenant, messageId, subscribed);
			if (scheduled > 0) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
					@Override
					public void afterCommit() {
						RecordingMessages.this.worker.wakeUp();
					}
				});
			}
			return scheduled;
		})).orElse(0);
	}

}
