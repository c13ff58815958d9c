package io.strata.workflow.engine.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * {@code wait.signal}: waits for {@code POST /v2/operations/{id}/signals/{name}} (human
 * approval) with {@code input.signal} as the name, or fails with {@code timeout} after
 * the step's timeout (default a day). The output is the signal's body.
 */
@Component
class WaitSignalStep implements StepType {

	static final Duration DEFAULT_TIMEOUT = Duration.ofDays(1);

	@Override
	public String name() {
		return "wait.signal";
	}

	@Override
	public List<String> check(StepDefinition step) {
		return step.input().containsKey("signal") ? List.of()
				: List.of("wait.signal needs input.signal (a CEL string)");
	}

	@Override
	public StepResult execute(StepCall call) {
		String signal = String.valueOf(call.input().get("signal"));
		Optional<Map<String, Object>> received = call.signals().find(signal);
		if (received.isPresent()) {
			Map<String, Object> output = new LinkedHashMap<>();
			output.put("signal", signal);
			output.put("payload", received.get());
			return StepResult.completed(output);
		}
		Object deadlineText = call.stepState().get("deadline");
		Duration timeout = (call.step().timeout() != null) ? call.step().timeout() : DEFAULT_TIMEOUT;
		Instant deadline = (deadlineText != null) ? Instant.parse(deadlineText.toString()) : call.now().plus(timeout);
		if (!call.now().isBefore(deadline)) {
			return StepResult.failed("timeout", "no signal '" + signal + "' before " + deadline, false);
		}
		return new StepResult.Suspended(deadline, Map.of("deadline", deadline.toString(), "signal", signal));
	}

}
