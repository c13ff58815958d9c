package io.strata.identity.tenant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.TenantDataErased;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The erasure report of deleted tenants: each service that holds tenant data reports on
 * {@link EventTopics#TENANT_ERASURES} once it erased a deleted tenant's data (identity
 * writes its own report directly), and the report is complete when every service of
 * {@code strata.identity.erasing-services} has reported. A repeated report (a deletion
 * delivered again) keeps the first counts and time.
 */
@Component
class TenantErasureReports {

	static final String IDENTITY = "identity-service";

	private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final List<String> services;

	TenantErasureReports(JdbcTemplate jdbc, JsonMapper json, @Value("${strata.identity.erasing-services:"
			+ "identity-service,workflow-service,analytics-service,notification-service,ml-service}") List<String> services) {
		this.jdbc = jdbc;
		this.json = json;
		this.services = List.copyOf(services);
	}

	record ServiceErasure(String service, Map<String, Long> erased, Instant erasedAt) {

	}

	/** A service's erasure, recorded once. */
	void record(String tenantId, String service, Map<String, Long> erased) {
		this.jdbc.update("""
				INSERT INTO tenant_erasures (tenant_id, service, erased, erased_at) VALUES (?, ?, ?::jsonb, ?)
				ON CONFLICT (tenant_id, service) DO NOTHING""", tenantId, service, this.json.writeValueAsString(erased),
				Timestamp.from(Instant.now()));
	}

	/** The services expected to erase a deleted tenant's data, in report order. */
	List<String> services() {
		return this.services;
	}

	/** The reports received so far, by service. */
	Map<String, ServiceErasure> reports(String tenantId) {
		return this.jdbc
			.query("SELECT service, erased, erased_at FROM tenant_erasures WHERE tenant_id = ?",
					(rs, row) -> new ServiceErasure(rs.getString("service"),
							this.json.readValue(rs.getString("erased"), COUNTS),
							rs.getTimestamp("erased_at").toInstant()),
					tenantId)
			.stream()
			.collect(Collectors.toMap(ServiceErasure::service, Function.identity()));
	}

	@KafkaListener(id = "identity-tenant-erasures", groupId = "${spring.application.name}-tenant-erasures",
			topics = "${strata.kafka.topic-prefix:}" + EventTopics.TENANT_ERASURES)
	void on(ConsumerRecord<String, byte[]> record) throws InvalidProtocolBufferException {
		CloudEvent event = CloudEventRecords.fromRecord(record);
		byte[] data = (event.getData() != null) ? event.getData().toBytes() : new byte[0];
		TenantDataErased erased = TenantDataErased.parseFrom(data);
		if (erased.getTenantId().isBlank() || erased.getService().isBlank()) {
			throw new IllegalArgumentException("An erasure report without tenant or service: " + event.getId());
		}
		record(erased.getTenantId(), erased.getService(), erased.getErasedMap());
	}

}
