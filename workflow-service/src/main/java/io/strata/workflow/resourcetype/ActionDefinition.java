package io.strata.workflow.resourcetype;

import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * An action of a type's lifecycle.
 *
 * @param name the action's name
 * @param from states it may start from
 * @param to the state it leads to when its workflow completes
 * @param inputSchema JSON Schema of its input, or null for any object
 * @param workflow the workflow it runs, as JSON, or null for a bare transition
 */
public record ActionDefinition(String name, Set<String> from, String to, JsonNode inputSchema, JsonNode workflow) {

}
