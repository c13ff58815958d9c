package io.strata.workflow.resourcetype;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.workflow.engine.WorkflowDefinitions;
import io.strata.workflow.schema.JsonSchemas;

import org.springframework.stereotype.Component;

/** Reads and checks a lifecycle, reporting every mistake with its JSON pointer. */
@Component
public class LifecycleReader {

	static final String NAME_PATTERN = "[a-z][a-z0-9_.-]{0,62}";

	private final JsonSchemas schemas;

	private final WorkflowDefinitions workflows;

	private final JsonMapper json;

	LifecycleReader(JsonSchemas schemas, WorkflowDefinitions workflows, JsonMapper json) {
		this.schemas = schemas;
		this.workflows = workflows;
		this.json = json;
	}

	/** The lifecycle, trusting that it was checked when defined. */
	public static Lifecycle read(JsonNode lifecycle) {
		List<FieldViolation> ignored = new ArrayList<>();
		return read(lifecycle, "", ignored, null);
	}

	public Lifecycle check(JsonNode lifecycle, String pointer, List<FieldViolation> violations) {
		return read(lifecycle, pointer, violations, this);
	}

	private static Lifecycle read(JsonNode lifecycle, String pointer, List<FieldViolation> violations,
			LifecycleReader check) {
		if (lifecycle == null || !lifecycle.isObject()) {
			violations.add(new FieldViolation(pointer, "must be an object with states, initial and actions"));
			return null;
		}
		Set<String> states = new LinkedHashSet<>();
		JsonNode stateList = lifecycle.get("states");
		if (stateList == null || !stateList.isArray() || stateList.isEmpty()) {
			violations.add(new FieldViolation(pointer + "/states", "must be a non-empty array of state names"));
		}
		else {
			for (int i = 0; i < stateList.size(); i++) {
				JsonNode state = stateList.get(i);
				if (!state.isString() || !state.asString().matches(NAME_PATTERN)) {
					violations
						.add(new FieldViolation(pointer + "/states/" + i, "must be a name matching " + NAME_PATTERN));
				}
				else if (!states.add(state.asString())) {
					violations.add(new FieldViolation(pointer + "/states/" + i, "is listed twice"));
				}
			}
		}
		String initial = lifecycle.path("initial").isString() ? lifecycle.get("initial").asString() : null;
		if (initial == null || !states.contains(initial)) {
			violations.add(new FieldViolation(pointer + "/initial", "must be one of the states"));
		}
		Map<String, ActionDefinition> actions = new LinkedHashMap<>();
		JsonNode actionMap = lifecycle.get("actions");
		if (actionMap != null && !actionMap.isObject()) {
			violations.add(new FieldViolation(pointer + "/actions", "must be an object of actions by name"));
		}
		else if (actionMap != null) {
			for (Map.Entry<String, JsonNode> entry : actionMap.properties()) {
				String actionPointer = pointer + "/actions/" + entry.getKey();
				ActionDefinition action = action(entry.getKey(), entry.getValue(), states, actionPointer, violations,
						check);
				if (action != null) {
					actions.put(entry.getKey(), action);
				}
			}
		}
		return new Lifecycle(List.copyOf(states), initial, actions);
	}

	private static ActionDefinition action(String name, JsonNode action, Set<String> states, String pointer,
			List<FieldViolation> violations, LifecycleReader check) {
		if (!name.matches(NAME_PATTERN)) {
			violations.add(new FieldViolation(pointer, "an action's name must match " + NAME_PATTERN));
		}
		if (!action.isObject()) {
			violations.add(new FieldViolation(pointer, "must be an object with from, to and workflow"));
			return null;
		}
		Set<String> from = new LinkedHashSet<>();
		JsonNode fromList = action.get("from");
		if (fromList == null || !fromList.isArray() || fromList.isEmpty()) {
			violations.add(new FieldViolation(pointer + "/from", "must be a non-empty array of states"));
		}
		else {
			for (int i = 0; i < fromList.size(); i++) {
				if (!states.contains(fromList.get(i).asString(""))) {
					violations.add(new FieldViolation(pointer + "/from/" + i, "is not a state of this lifecycle"));
				}
				from.add(fromList.get(i).asString(""));
			}
		}
		String to = action.path("to").asString(null);
		if (to == null || !states.contains(to)) {
			violations.add(new FieldViolation(pointer + "/to", "must be a state of this lifecycle"));
		}
		JsonNode inputSchema = action.get("input_schema");
		if (check != null && inputSchema != null) {
			violations.addAll(check.schemas.checkSchema(inputSchema, pointer + "/input_schema"));
		}
		JsonNode workflow = action.get("workflow");
		if (check != null && workflow != null) {
			check.workflows.check(check.json.convertValue(workflow, Object.class), pointer + "/workflow", violations);
		}
		return new ActionDefinition(name, Set.copyOf(from), to, inputSchema, workflow);
	}

}
