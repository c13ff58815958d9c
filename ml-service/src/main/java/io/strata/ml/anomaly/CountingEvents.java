package io.strata.ml.anomaly;

import java.time.Instant;
import java.util.Optional;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.ml.tenant.ErasingTenantData;
import io.strata.platform.events.EventTypes;
import io.strata.platform.tenant.TenantChange;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Counts every domain event per tenant, type and minute of its time (not of its arrival,
 * so a late event lands in its own interval). Detectors judge these counts: ml keeps them
 * itself rather than asking analytics, because detectors run in the background with no
 * user's token to ask with, and an unauthenticated read of any tenant's metrics would be
 * a hole in analytics' zero trust.
 */
@Component
class CountingEvents {

	/** Physical topic = prefix + logical name, as {@link EventTopics#name} builds it. */
	private static final String PREFIX = "${strata.kafka.topic-prefix:}";

	private final EventCounts counts;

	private final ErasingTenantData erasing;

	CountingEvents(EventCounts counts, ErasingTenantData erasing) {
		this.counts = counts;
		this.erasing = erasing;
	}

	@KafkaListener(id = "ml-event-counts", idIsGroup = false, topics = { PREFIX + EventTopics.RESOURCE,
			PREFIX + EventTopics.IDENTITY, PREFIX + EventTopics.WORKFLOW, PREFIX + EventTopics.NOTIFICATION })
	void on(ConsumerRecord<String, byte[]> record) {
		CloudEvent event = CloudEventRecords.fromRecord(record);
		// a tenant's deletion erases its data here, after its earlier events on the
		// partition were counted, not before
		Optional<String> deleted = TenantChange.deleted(event);
		if (deleted.isPresent()) {
			this.erasing.erase(deleted.get());
			return;
		}
		String tenant = CloudEventRecords.tenant(event);
		if (tenant == null || tenant.isBlank()) {
			return;
		}
		Instant at = (event.getTime() != null) ? event.getTime().toInstant() : Instant.now();
		this.counts.record(event.getId(), tenant, EventTypes.shortType(event.getType()), at);
	}

}
