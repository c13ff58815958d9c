package io.strata.workflow.resourcetype;

import java.util.List;
import java.util.Map;

/**
 * The states a resource of a type moves through and the actions that move it.
 *
 * @param states every state
 * @param initial the state of a new resource
 * @param actions by name
 */
public record Lifecycle(List<String> states, String initial, Map<String, ActionDefinition> actions) {

}
