package io.strata.workflow.tenant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.tenant.TenantChange;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Erases a tenant's data when identity announces its deletion. A failing erasure goes
 * through the platform's retry topics; erasing is idempotent, so a retry is safe.
 */
@Component
class TenantDeletions {

	private final ErasingTenantData erasing;

	TenantDeletions(ErasingTenantData erasing) {
		this.erasing = erasing;
	}

	@KafkaListener(id = "workflow-tenant-erasure", groupId = "${spring.application.name}-tenant-erasure",
			topics = "${strata.kafka.topic-prefix:}" + EventTopics.IDENTITY)
	void on(ConsumerRecord<String, byte[]> record) {
		TenantChange.deleted(CloudEventRecords.fromRecord(record)).ifPresent(this.erasing::erase);
	}

}
