package io.strata.gateway.validation;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTypes;
import io.strata.proto.resource.v1.ResourceTypeChanged;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Drops a cached resource-type schema when workflow announces a change of the type on
 * {@code resource.events} ({@code io.strata.resource.type_changed.v1}, payload
 * {@code ResourceTypeChanged}). Each gateway instance has its own consumer group, so
 * every instance sees every change; it starts at the latest offset, since older changes
 * are already reflected by a fresh fetch. Other events of the topic are skipped by their
 * header before they cost anything ({@link TypeChangedRecords}), and the broker holds
 * each fetch up to half a second (or 1 MiB), so that the consumer polls (and commits)
 * about twice a second rather than once per resource written: a change evicts within
 * about half a second.
 */
@Component
class ResourceTypeEvents {

	private static final Logger log = LoggerFactory.getLogger(ResourceTypeEvents.class);

	private final ResourceTypeSchemas schemas;

	ResourceTypeEvents(ResourceTypeSchemas schemas) {
		this.schemas = schemas;
	}

	@KafkaListener(topics = "#{@eventTopics.name('resource.events')}", groupId = "gateway-schemas-${random.uuid}",
			properties = { "auto.offset.reset=latest", "fetch.min.bytes=1048576", "fetch.max.wait.ms=500" },
			containerPostProcessor = "typeChangedRecordsOnly")
	void onResourceEvent(ConsumerRecord<String, byte[]> record) {
		CloudEvent event = CloudEventRecords.fromRecord(record);
		if (!EventCatalog.typeOf(ResourceTypeChanged.class).equals(EventTypes.shortType(event.getType()))) {
			return;
		}
		String tenant = CloudEventRecords.tenant(event);
		try {
			ResourceTypeChanged changed = (ResourceTypeChanged) EventCatalog.payload(event).orElseThrow();
			String tenantId = changed.getResourceType().getTenantId().isEmpty() ? tenant
					: changed.getResourceType().getTenantId();
			this.schemas.evict(tenantId, changed.getResourceType().getName());
		}
		catch (IllegalArgumentException ex) {
			log.warn("Unreadable resource-type event {}; dropping the tenant's cached schemas", event.getId());
			if (tenant != null) {
				this.schemas.evictTenant(tenant);
			}
		}
	}

}
