package io.strata.notification.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.strata.notification.tenant.ErasingTenantData;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.tenant.TenantChange;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic. A tenant's deletion erases its data instead of becoming a
 * message: in this consumer, so that the tenant's earlier events on the partition are
 * recorded before the erasure, not after it. Failures go through the platform's retry
 * topics to {@code <topic>-dlt}, so a poison event never blocks the ones behind it.
 */
@Component
class DomainEventListener {

	/** Physical topic = prefix + logical name, as {@link EventTopics#name} builds it. */
	private static final String PREFIX = "${strata.kafka.topic-prefix:}";

	private final RecordingMessages recording;

	private final ErasingTenantData erasing;

	DomainEventListener(RecordingMessages recording, ErasingTenantData erasing) {
		this.recording = recording;
		this.erasing = erasing;
	}

	@KafkaListener(id = "notification-fan-out", idIsGroup = false, topics = { PREFIX + EventTopics.RESOURCE,
			PREFIX + EventTopics.IDENTITY, PREFIX + EventTopics.WORKFLOW, PREFIX + EventTopics.ML })
	void on(ConsumerRecord<String, byte[]> record) {
		CloudEvent event = CloudEventRecords.fromRecord(record);
		Optional<String> deletedTenant = TenantChange.deleted(event);
		if (deletedTenant.isPresent()) {
			this.erasing.erase(deletedTenant.get());
			return;
		}
		// the first traceparent is the one the producer stored with the event (the outbox
		// relay adds it); an instrumented KafkaTemplate appends its own send span after
		// it
		Iterator<Header> traceparents = record.headers().headers("traceparent").iterator();
		Header traceparent = traceparents.hasNext() ? traceparents.next() : null;
		this.recording.record(event,
				(traceparent != null) ? new String(traceparent.value(), StandardCharsets.UTF_8) : null);
	}

}
