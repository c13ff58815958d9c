package io.strata.analytics.resource;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A resource as {@code GET /v2/resources} lists it: the same wire shape, and the same
 * schema name, as workflow-service's {@code GET /v2/resources/{id}}.
 */
@Schema(name = "Resource", description = "A resource: typed, schema-validated attributes and a lifecycle state.")
record ResourceView(@Schema(example = "res_01HZX3K9") String id, @Schema(example = "ticket") String type,
		@Schema(example = "1") int typeVersion, @Schema(example = "open") String state,
		@Schema(example = "{\"title\": \"Printer out of paper\", \"priority\": 2}") JsonNode attributes,
		@Schema(example = "3") long version, @Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
		@Schema(example = "2024-05-01T12:30:00Z") Instant updatedAt, @Schema(example = "acme") String tenantId) {

	/** From the view {@link SearchingResources} reads out of a search document. */
	static ResourceView of(Map<String, Object> item, JsonMapper json) {
		return new ResourceView((String) item.get("id"), (String) item.get("type"),
				((Number) item.get("type_version")).intValue(), (String) item.get("state"),
				json.valueToTree(item.get("attributes")), ((Number) item.get("version")).longValue(),
				Instant.parse((String) item.get("created_at")), Instant.parse((String) item.get("updated_at")),
				(String) item.get("tenant_id"));
	}

}
