package io.strata.workflow.resource;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * A resource: typed, schema-validated attributes and a lifecycle state.
 *
 * @param id opaque id
 * @param tenantId owner
 * @param type the type's name
 * @param typeVersion the type version its attributes were last validated against
 * @param state its lifecycle state
 * @param attributes the attributes (a JSON object)
 * @param version 1, 2, ...: the ETag
 * @param activeRunId the run of the action in progress, if any
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record Resource(String id, String tenantId, String type, int typeVersion, String state, JsonNode attributes,
		long version, String activeRunId, Instant createdAt, Instant updatedAt) {

}
