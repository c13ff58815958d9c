package io.strata.platform.events;

import java.time.Instant;
import java.util.UUID;

import com.google.protobuf.Message;

/**
 * A fact a service publishes: written to the outbox with the state change that caused it,
 * delivered to Kafka as a CloudEvent whose key is the aggregate id.
 *
 * @param id event id ({@code ce_id}); consumers de-duplicate by it
 * @param topic logical topic, such as {@link EventTopics#RESOURCE}
 * @param aggregateId Kafka key: events of one aggregate stay in order
 * @param type short type, such as {@code resource.created}
 * @param version type version ({@code .v1})
 * @param tenantId {@code ce_tenant}
 * @param occurredAt {@code ce_time}
 * @param payload the protobuf message from shared-proto
 */
public record DomainEvent(UUID id, String topic, String aggregateId, String type, int version, String tenantId,
		Instant occurredAt, Message payload) {

	/**
	 * The event whose type, topic and version the payload's declaration in shared-proto
	 * gives ({@link EventCatalog}).
	 */
	public static DomainEvent of(String aggregateId, String tenantId, Message payload) {
		EventCatalog.Entry entry = EventCatalog.of(payload.getClass());
		return new DomainEvent(UUID.randomUUID(), entry.topic(), aggregateId, entry.type(), entry.version(), tenantId,
				Instant.now(), payload);
	}

	public String cloudEventType() {
		return EventTypes.cloudEventType(this.type, this.version);
	}

}
