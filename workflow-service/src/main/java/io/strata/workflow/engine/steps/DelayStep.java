package io.strata.workflow.engine.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.strata.workflow.engine.model.Durations;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.stereotype.Component;

/**
 * {@code delay}: waits {@code input.duration} ({@code "'5s'"} or milliseconds) without
 * holding a worker: the run sleeps in the database until it is due.
 */
@Component
class DelayStep implements StepType {

	/**
	 * Changes nothing anywhere: it runs in the run's transaction, with the steps around
	 * it.
	 */
	@Override
	public boolean transactional() {
		return true;
	}

	@Override
	public String name() {
		return "delay";
	}

	@Override
	public List<String> check(StepDefinition step) {
		return step.input().containsKey("duration") ? List.of() : List.of("delay needs input.duration");
	}

	@Override
	public StepResult execute(StepCall call) {
		Object wakeAt = call.stepState().get("wake_at");
		if (wakeAt == null) {
			Duration duration;
			try {
				Object value = call.input().get("duration");
				duration = (value instanceof Number millis) ? Duration.ofMillis(millis.longValue())
						: Durations.parse(String.valueOf(value));
			}
			catch (IllegalArgumentException ex) {
				return StepResult.failed("invalid_input", ex.getMessage(), false);
			}
			Instant at = call.now().plus(duration);
			return new StepResult.Suspended(at, Map.of("wake_at", at.toString()));
		}
		Instant at = Instant.parse(wakeAt.toString());
		if (call.now().isBefore(at)) {
			return new StepResult.Suspended(at, Map.of("wake_at", at.toString()));
		}
		return StepResult.completed(Map.of("slept_until", at.toString()));
	}

}
