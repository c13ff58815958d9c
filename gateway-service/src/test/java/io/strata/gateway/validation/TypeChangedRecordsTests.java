package io.strata.gateway.validation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.strata.platform.events.CloudEventRecords;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.ResourceTypeChanged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Which records of {@code resource.events} reach {@link ResourceTypeEvents}: the type
 * changes only, told by the {@code ce_type} header without reading the record.
 */
class TypeChangedRecordsTests {

	private final TypeChangedRecords interceptor = new TypeChangedRecords();

	@Test
	void aTypeChangeReachesTheListener() {
		byte[] payload = ResourceTypeChanged.newBuilder()
			.setResourceType(ResourceType.newBuilder().setTenantId("t1").setName("ticket"))
			.build()
			.toByteArray();
		ConsumerRecord<String, byte[]> record = consumed(CloudEventRecords.toRecord("resource.events", "ticket",
				CloudEventRecords.event(UUID.randomUUID(), "io.strata.resource.type_changed.v1", "/workflow-service",
						"ticket", "t1", Instant.now(), payload)));

		assertThat(this.interceptor.intercept(record, null)).isSameAs(record);
	}

	@Test
	void aResourceEventIsSkippedByItsHeaderWithoutBeingParsed() {
		// only a ce_type header: read as a CloudEvent, this record would fail
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("resource.events", 0, 0, "res_1",
				"not a protobuf".getBytes(StandardCharsets.UTF_8));
		record.headers().add(TypeChangedRecords.TYPE_HEADER, bytes("io.strata.resource.created.v1"));
		assertThatRuntimeException().isThrownBy(() -> CloudEventRecords.fromRecord(record));

		assertThat(this.interceptor.intercept(record, null)).isNull();
	}

	@Test
	void aRecordWithoutTheHeaderIsLeftToTheListener() {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("resource.events", 0, 0, "x", new byte[0]);

		assertThat(this.interceptor.intercept(record, null)).isSameAs(record);
	}

	private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(produced.topic(), 0, 0, produced.key(),
				produced.value());
		produced.headers().forEach((header) -> record.headers().add(header));
		return record;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
