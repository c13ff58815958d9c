package io.strata.workflow.engine.steps;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.proto.Structs;
import io.strata.platform.events.DomainEvent;
import io.strata.proto.workflow.v1.CustomEventEmitted;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;
import io.strata.workflow.support.TransactionEvents;

import org.springframework.stereotype.Component;

/**
 * {@code event.emit}: publishes {@code input.type} with {@code input.data} on
 * workflow.events ({@code CustomEventEmitted}, which notification turns into webhooks),
 * through the outbox in the run's transaction: once, whatever happens to the worker.
 */
@Component
class EventEmitStep implements StepType {

	private final TransactionEvents outbox;

	private final JsonMapper json;

	EventEmitStep(TransactionEvents outbox, JsonMapper json) {
		this.outbox = outbox;
		this.json = json;
	}

	@Override
	public String name() {
		return "event.emit";
	}

	@Override
	public boolean transactional() {
		return true;
	}

	@Override
	public List<String> check(StepDefinition step) {
		return step.input().containsKey("type") ? List.of() : List.of("event.emit needs input.type (a CEL string)");
	}

	@Override
	public StepResult execute(StepCall call) {
		Object type = call.input().get("type");
		Object data = call.input().getOrDefault("data", Map.of());
		if (!(type instanceof String name) || name.isBlank() || !(data instanceof Map)) {
			return StepResult.failed("invalid_input", "event.emit needs a string type and an object data", false);
		}
		DomainEvent event = DomainEvent.of(call.runId(), call.tenantId(),
				CustomEventEmitted.newBuilder()
					.setTenantId(call.tenantId())
					.setType(name)
					.setData(Structs.ofTree(this.json.valueToTree(data)))
					.build());
		this.outbox.append(event);
		return StepResult.completed(Map.of("event_id", event.id().toString(), "type", name));
	}

}
