package io.strata.workflow.resourcetype;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * One version of a resource type.
 *
 * @param tenantId owner
 * @param name the type's name
 * @param version 1, 2, ...: every update is a new version
 * @param schema JSON Schema 2020-12 of the attributes
 * @param lifecycleJson the lifecycle as the caller defined it
 * @param lifecycle the lifecycle, read
 * @param description free text
 * @param retired no new resources of a retired type
 * @param createdAt when this version was defined
 * @param textAttributes the string attributes whose text is embedded for semantic search;
 * empty: every string attribute
 */
public record ResourceType(String tenantId, String name, int version, JsonNode schema, JsonNode lifecycleJson,
		Lifecycle lifecycle, String description, boolean retired, Instant createdAt, List<String> textAttributes) {

}
