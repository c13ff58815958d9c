package io.strata.platform.events;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, protobuf body), through the
 * CloudEvents SDK. Records carry raw bytes so that retry and dead-letter topics copy them
 * unchanged.
 */
public final class CloudEventRecords {

	/** The CloudEvents extension (header {@code ce_tenant}) that carries the tenant. */
	public static final String TENANT_EXTENSION = "tenant";

	/** Content type of every payload: a protobuf message from shared-proto. */
	public static final String PROTOBUF = "application/protobuf";

	private CloudEventRecords() {
	}

	public static CloudEvent event(UUID id, String type, String source, String subject, String tenantId,
			Instant occurredAt, byte[] payload) {
		CloudEventBuilder builder = CloudEventBuilder.v1()
			.withId(id.toString())
			.withType(type)
			.withSource(URI.create(source))
			.withSubject(subject)
			.withTime(occurredAt.atOffset(ZoneOffset.UTC))
			.withDataContentType(PROTOBUF)
			.withData(payload);
		if (tenantId != null) {
			builder.withExtension(TENANT_EXTENSION, tenantId);
		}
		return builder.build();
	}

	public static ProducerRecord<String, byte[]> toRecord(String topic, String key, CloudEvent event) {
		return KafkaMessageFactory.<String>createWriter(topic, null, null, key).writeBinary(event);
	}

	public static CloudEvent fromRecord(ConsumerRecord<?, byte[]> record) {
		return KafkaMessageFactory.createReader(record).toEvent();
	}

	/**
	 * When the event happened ({@code ce_time}), read from its header without decoding
	 * the record; null when the header is missing or unreadable.
	 */
	public static Instant occurredAt(ConsumerRecord<?, byte[]> record) {
		Header time = record.headers().lastHeader("ce_time");
		if (time == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(new String(time.value(), StandardCharsets.UTF_8)).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	public static String tenant(CloudEvent event) {
		Object tenant = event.getExtension(TENANT_EXTENSION);
		return (tenant != null) ? tenant.toString() : null;
	}

}
