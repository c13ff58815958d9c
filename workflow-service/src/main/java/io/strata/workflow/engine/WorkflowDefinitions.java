package io.strata.workflow.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.FieldViolation;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.StepType;
import io.strata.workflow.engine.model.WorkflowDefinition;
import io.strata.workflow.engine.model.WorkflowDefinitionParser;

import org.springframework.stereotype.Component;

/**
 * The step types this service knows (every {@link StepType} bean) and the workflow
 * definitions read with them.
 */
@Component
public class WorkflowDefinitions {

	private static final int CACHE_LIMIT = 1_000;

	private final Map<String, StepType> stepTypes;

	private final WorkflowDefinitionParser parser;

	private final Map<String, WorkflowDefinition> parsed = new ConcurrentHashMap<>();

	private final JsonMapper json;

	WorkflowDefinitions(List<StepType> stepTypes, Expressions expressions, JsonMapper json) {
		this.json = json;
		this.stepTypes = stepTypes.stream().collect(Collectors.toUnmodifiableMap(StepType::name, Function.identity()));
		this.parser = new WorkflowDefinitionParser(this.stepTypes::get, expressions);
	}

	public WorkflowDefinition check(Object json, String pointer, List<FieldViolation> violations) {
		return this.parser.parse(json, pointer, violations);
	}

	/**
	 * A definition stored with a run (checked when its type was defined), as JSON text;
	 * parsed once, then served from a cache keyed by the text.
	 */
	public WorkflowDefinition read(String definitionJson) {
		WorkflowDefinition definition = this.parsed.get(definitionJson);
		if (definition != null) {
			return definition;
		}
		Object json = this.json.readValue(definitionJson, Object.class);
		if (json instanceof Map<?, ?> map && map.get("steps") instanceof List<?> steps && steps.isEmpty()) {
			// an action without a workflow: a bare transition
			return new WorkflowDefinition(List.of());
		}
		List<FieldViolation> violations = new java.util.ArrayList<>();
		definition = this.parser.parse(json, "", violations);
		if (definition == null) {
			throw new IllegalStateException("stored workflow definition is invalid: " + violations);
		}
		if (this.parsed.size() > CACHE_LIMIT) {
			this.parsed.clear();
		}
		this.parsed.put(definitionJson, definition);
		return definition;
	}

	public StepType stepType(String name) {
		return this.stepTypes.get(name);
	}

}
