package io.strata.workflow.resourcetype;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** A resource type as the API shows it. */
record ResourceTypeView(String name, int version, String tenantId, String description, JsonNode schema,
		JsonNode lifecycle, boolean retired, Instant createdAt) {

	static ResourceTypeView of(ResourceType type) {
		return new ResourceTypeView(type.name(), type.version(), type.tenantId(), type.description(), type.schema(),
				type.lifecycleJson(), type.retired(), type.createdAt());
	}

}
