package io.strata.notification.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes every domain topic. Failures go through the platform's retry topics to
 * {@code <topic>-dlt}, so a poison event never blocks the ones behind it.
 */
@Component
class DomainEventListener {

	/** Physical topic = prefix + logical name, as {@link EventTopics#name} builds it. */
	private static final String PREFIX = "${strata.kafka.topic-prefix:}";

	private final RecordingMessages recording;

	DomainEventListener(RecordingMessages recording) {
		this.recording = recording;
	}

	@KafkaListener(id = "notification-fan-out", idIsGroup = false, topics = { PREFIX + EventTopics.RESOURCE,
			PREFIX + EventTopics.IDENTITY, PREFIX + EventTopics.WORKFLOW, PREFIX + EventTopics.ML })
	void on(ConsumerRecord<String, byte[]> record) {
		// the first traceparent is the one the producer stored with the event (the outbox
		// relay adds it); an instrumented KafkaTemplate appends its own send span after
		// it
		Iterator<Header> traceparents = record.headers().headers("traceparent").iterator();
		Header traceparent = traceparents.hasNext() ? traceparents.next() : null;
		this.recording.record(CloudEventRecords.fromRecord(record),
				(traceparent != null) ? new String(traceparent.value(), StandardCharsets.UTF_8) : null);
	}

}
