package io.strata.workflow.resource;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * {@code resource.set}: merges {@code input.attributes} into the resource (validated
 * against its type) and, with {@code input.state}, moves its state. Runs in the run's
 * transaction, so it takes effect exactly once. The resource feature serves this step
 * type to the engine through the engine's plugin interface ({@link StepType}).
 */
@Component
class ResourceSetStep implements StepType {

	private final WorkflowResourceWrites writes;

	private final JsonMapper json;

	ResourceSetStep(WorkflowResourceWrites writes, JsonMapper json) {
		this.writes = writes;
		this.json = json;
	}

	@Override
	public String name() {
		return "resource.set";
	}

	@Override
	public boolean transactional() {
		return true;
	}

	@Override
	public List<String> check(StepDefinition step) {
		return (step.input().containsKey("attributes") || step.input().containsKey("state")) ? List.of()
				: List.of("resource.set needs input.attributes or input.state");
	}

	@Override
	public StepResult execute(StepCall call) {
		Object attributes = call.input().get("attributes");
		Object state = call.input().get("state");
		if (attributes != null && !(attributes instanceof Map)) {
			return StepResult.failed("invalid_input", "input.attributes must be an object", false);
		}
		try {
			JsonNode patch = (attributes != null) ? this.json.valueToTree(attributes) : null;
			Resource changed = this.writes.set(call.resourceId(), patch, (state != null) ? state.toString() : null,
					"workflow");
			return StepResult.completed(Map.of("version", changed.version(), "state", changed.state()));
		}
		catch (IllegalArgumentException ex) {
			return StepResult.failed("validation", ex.getMessage(), false);
		}
	}

}
