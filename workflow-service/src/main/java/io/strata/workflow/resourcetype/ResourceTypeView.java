package io.strata.workflow.resourcetype;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A resource type as the API shows it. */
@Schema(name = "ResourceType", description = "One version of a resource type: attribute schema and lifecycle.")
record ResourceTypeView(@Schema(example = "ticket") String name, @Schema(example = "2") int version,
		@Schema(example = "acme") String tenantId, @Nullable @Schema(example = "A support ticket") String description,
		@Schema(example = "{\"type\": \"object\", \"required\": [\"title\"]}") JsonNode schema,
		@Schema(example = "{\"initial\": \"open\", \"states\": [\"open\", \"closed\"], \"actions\": {}}") JsonNode lifecycle,
		@Schema(example = "false") boolean retired, @Schema(example = "2024-05-01T12:00:00Z") Instant createdAt,
		@Schema(description = "String attributes whose text is embedded for semantic search; empty: every string "
				+ "attribute", example = "[\"title\"]") List<String> textAttributes) {

	static ResourceTypeView of(ResourceType type) {
		return new ResourceTypeView(type.name(), type.version(), type.tenantId(), type.description(), type.schema(),
				type.lifecycleJson(), type.retired(), type.createdAt(), type.textAttributes());
	}

}
