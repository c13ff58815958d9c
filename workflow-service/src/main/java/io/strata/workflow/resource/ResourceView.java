package io.strata.workflow.resource;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** A resource as the API shows it. */
record ResourceView(String id, String type, int typeVersion, String state, JsonNode attributes, long version,
		Instant createdAt, Instant updatedAt, String tenantId) {

	static ResourceView of(Resource resource) {
		return new ResourceView(resource.id(), resource.type(), resource.typeVersion(), resource.state(),
				resource.attributes(), resource.version(), resource.createdAt(), resource.updatedAt(),
				resource.tenantId());
	}

}
