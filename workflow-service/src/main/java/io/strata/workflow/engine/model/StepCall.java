package io.strata.workflow.engine.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a step attempt gets.
 *
 * @param runId the run (the operation id)
 * @param tenantId the run's tenant
 * @param resourceId the resource the action runs on
 * @param step the step's definition
 * @param input the step's input, its expressions evaluated
 * @param attempt 1-based attempt number
 * @param idempotencyKey the same for every attempt of this step in this run, so a target
 * that honours it applies a retried or resumed call once
 * @param timeout how long the attempt may take
 * @param stepState what the step kept from an earlier visit (a delay's wake-up time)
 * @param now the engine's clock
 * @param signals signals received by the run
 */
public record StepCall(String runId, String tenantId, String resourceId, StepDefinition step, Map<String, Object> input,
		int attempt, String idempotencyKey, Duration timeout, Map<String, Object> stepState, Instant now,
		Signals signals) {

	/** The signals a run has received, by name. */
	@FunctionalInterface
	public interface Signals {

		Optional<Map<String, Object>> find(String name);

	}

}
