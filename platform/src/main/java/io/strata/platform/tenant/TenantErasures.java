package io.strata.platform.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.proto.identity.v1.TenantDataErased;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Reports that a service erased a deleted tenant's data: to identity, which shows the
 * deletion's progress as the tenant's erasure report ({@code platform.tenant.erased} on
 * {@link EventTopics#TENANT_ERASURES}); in a log line naming what went; and in the
 * metrics {@code strata.tenant.erasures} (erasures run, a redelivered deletion included)
 * and {@code strata.tenant.erased.records} (tagged by store).
 * <p>
 * The report is sent straight to Kafka, not through an outbox: an erasure is repeatable,
 * so when the send fails the exception fails the deletion's handling, whose retry erases
 * (nothing more) and reports again.
 */
public class TenantErasures {

	private static final Logger log = LoggerFactory.getLogger(TenantErasures.class);

	private final MeterRegistry meters;

	private final ObjectProvider<KafkaTemplate<String, byte[]>> kafka;

	private final EventTopics topics;

	private final String service;

	public TenantErasures(MeterRegistry meters, ObjectProvider<KafkaTemplate<String, byte[]>> kafka, EventTopics topics,
			String service) {
		this.meters = meters;
		this.kafka = kafka;
		this.topics = topics;
		this.service = service;
	}

	/**
	 * @param tenantId the erased tenant
	 * @param erased records removed per store (table, index), zero for a repeat
	 */
	public void erased(String tenantId, Map<String, Long> erased) {
		Counter.builder("strata.tenant.erasures")
			.description("Erasures of a deleted tenant's data")
			.register(this.meters)
			.increment();
		erased.forEach((store, count) -> Counter.builder("strata.tenant.erased.records")
			.description("Records erased with deleted tenants")
			.tag("store", store)
			.register(this.meters)
			.increment(count));
		log.info("Erased the data of deleted tenant {}: {}", tenantId, erased);
		report(tenantId, erased);
	}

	private void report(String tenantId, Map<String, Long> erased) {
		KafkaTemplate<String, byte[]> kafka = this.kafka.getIfAvailable();
		if (kafka == null) {
			return;
		}
		byte[] payload = TenantDataErased.newBuilder()
			.setTenantId(tenantId)
			.setService(this.service)
			.putAllErased(erased)
			.build()
			.toByteArray();
		EventCatalog.Entry type = EventCatalog.of(TenantDataErased.class);
		try {
			kafka.send(
					CloudEventRecords
						.toRecord(this.topics.name(type.topic()), tenantId,
								CloudEventRecords.event(UUID.randomUUID(), type.cloudEventType(),
										"strata/" + this.service, tenantId, tenantId, Instant.now(), payload)))
				.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reporting the erasure of " + tenantId, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not report the erasure of " + tenantId, ex);
		}
	}

}
