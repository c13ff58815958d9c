package io.strata.workflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.workflow.engine.decider.Command;
import io.strata.workflow.engine.model.Expressions;
import io.strata.workflow.engine.model.StepCall;

/**
 * What a step gets: its input, the expressions of its definition evaluated over the run
 * ({@code input}, {@code steps}) and its resource ({@code resource}), and how long it may
 * take. Pure: the caller reads the resource, the signals and the clock.
 */
final class StepInputs {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final Expressions expressions;

	StepInputs(Expressions expressions) {
		this.expressions = expressions;
	}

	/**
	 * Evaluates the attempt's input against the run and its resource: a visit of the
	 * step, whose {@code inputError} says why when the input cannot be evaluated.
	 */
	Visit visit(Run run, Command.Attempt attempt, Map<String, Object> resource, Instant now) {
		Map<String, Object> stepState = (run.stepState() != null) ? new LinkedHashMap<>(run.stepState())
				: new LinkedHashMap<>();
		try {
			return new Visit(run, attempt, this.expressions.evaluate(attempt.step().input(), variables(run, resource)),
					stepState, null, now);
		}
		catch (Expressions.ExpressionException ex) {
			return new Visit(run, attempt, null, stepState, ex.getMessage(), now);
		}
	}

	/** What the step gets for the visit. */
	@SuppressWarnings("unchecked")
	static StepCall call(Visit visit, StepCall.Signals signals, Instant now) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		Object input = visit.input();
		return new StepCall(run.id(), run.tenantId(), run.resourceId(), attempt.step(),
				(input instanceof Map<?, ?>) ? (Map<String, Object>) input : Map.of(), attempt.attempt(),
				visit.idempotencyKey(), timeout(attempt), visit.stepState(), now, signals);
	}

	/** How long an attempt of the step may take: its own timeout, or 30 seconds. */
	static Duration timeout(Command.Attempt attempt) {
		return (attempt.step().timeout() != null) ? attempt.step().timeout() : DEFAULT_TIMEOUT;
	}

	private static Map<String, Object> variables(Run run, Map<String, Object> resource) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("resource", new LinkedHashMap<>(resource));
		variables.put("input", run.input());
		variables.put("steps", run.outputs());
		return variables;
	}

}
