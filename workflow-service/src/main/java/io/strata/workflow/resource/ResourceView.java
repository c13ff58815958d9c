package io.strata.workflow.resource;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * A resource as the API shows it. analytics-service lists the same shape under the same
 * schema name ({@code GET /v2/resources}).
 */
@Schema(name = "Resource", description = "A resource: typed, schema-validated attributes and a lifecycle state.")
record ResourceView(@Schema(example = "res_01HZX3K9") String id, @Schema(example = "ticket") String type,
		@Schema(example = "1") int typeVersion, @Schema(example = "open") String state,
		@Schema(example = "{\"title\": \"Printer out of paper\", \"priority\": 2}") JsonNode attributes,
		@Schema(example = "3") long version, @Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
		@Schema(example = "2024-05-01T12:30:00Z") Instant updatedAt, @Schema(example = "acme") String tenantId) {

	static ResourceView of(Resource resource) {
		return new ResourceView(resource.id(), resource.type(), resource.typeVersion(), resource.state(),
				resource.attributes(), resource.version(), resource.createdAt(), resource.updatedAt(),
				resource.tenantId());
	}

}
