package io.strata.workflow.engine.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.strata.platform.problem.FieldViolation;

/**
 * Reads a workflow definition from its JSON form (maps and lists) and reports every
 * mistake at once, each with a JSON pointer into the request.
 */
public final class WorkflowDefinitionParser {

	private static final int MAX_STEPS = 100;

	private final Function<String, StepType> stepTypes;

	private final Expressions expressions;

	public WorkflowDefinitionParser(Function<String, StepType> stepTypes, Expressions expressions) {
		this.stepTypes = stepTypes;
		this.expressions = expressions;
	}

	/** The definition, or null when {@code violations} received any. */
	public WorkflowDefinition parse(Object json, String pointer, List<FieldViolation> violations) {
		int before = violations.size();
		if (!(json instanceof Map<?, ?> workflow) || !(workflow.get("steps") instanceof List<?> rawSteps)) {
			violations.add(new FieldViolation(pointer + "/steps", "must be an array of steps"));
			return null;
		}
		if (rawSteps.isEmpty() || rawSteps.size() > MAX_STEPS) {
			violations.add(new FieldViolation(pointer + "/steps", "must have 1 to " + MAX_STEPS + " steps"));
			return null;
		}
		List<StepDefinition> steps = new ArrayList<>();
		Set<String> names = new HashSet<>();
		for (int i = 0; i < rawSteps.size(); i++) {
			String stepPointer = pointer + "/steps/" + i;
			StepDefinition step = step(rawSteps.get(i), stepPointer, violations);
			if (step != null) {
				if (!names.add(step.name())) {
					violations.add(new FieldViolation(stepPointer + "/name", "is used by an earlier step"));
				}
				steps.add(step);
			}
		}
		WorkflowDefinition definition = new WorkflowDefinition(steps);
		for (int i = 0; i < steps.size(); i++) {
			StepDefinition step = steps.get(i);
			for (String[] jump : new String[][] { { "then", step.then() }, { "else", step.otherwise() } }) {
				if (jump[1] != null && definition.indexOf(jump[1]) < 0) {
					violations.add(new FieldViolation(pointer + "/steps/" + i + "/" + jump[0],
							"names no step of this workflow (or " + StepDefinition.END + ")"));
				}
			}
		}
		return (violations.size() == before) ? definition : null;
	}

	private StepDefinition step(Object json, String pointer, List<FieldViolation> violations) {
		if (!(json instanceof Map<?, ?> step)) {
			violations.add(new FieldViolation(pointer, "must be an object"));
			return null;
		}
		int before = violations.size();
		String name = string(step, "name", pointer, violations, true);
		if (name != null && !name.matches("[A-Za-z][A-Za-z0-9_]{0,62}")) {
			violations.add(new FieldViolation(pointer + "/name",
					"must start with a letter and hold only letters, digits and _ (it is a CEL identifier)"));
		}
		String type = string(step, "type", pointer, violations, true);
		StepType stepType = (type != null) ? this.stepTypes.apply(type) : null;
		if (type != null && stepType == null) {
			violations.add(new FieldViolation(pointer + "/type", "is not a known step type"));
		}
		Object input = step.get("input");
		if (input != null && !(input instanceof Map)) {
			violations.add(new FieldViolation(pointer + "/input", "must be an object"));
		}
		else if (input != null) {
			violations.addAll(this.expressions.check(input, pointer + "/input"));
		}
		RetryPolicy retry = retry(step.get("retry"), pointer + "/retry", violations);
		Duration timeout = duration(step.get("timeout"), pointer + "/timeout", violations);
		StepDefinition compensation = null;
		if (step.get("compensation") != null) {
			compensation = step(step.get("compensation"), pointer + "/compensation", violations);
		}
		String then = string(step, "then", pointer, violations, false);
		String otherwise = string(step, "else", pointer, violations, false);
		if (violations.size() != before) {
			return null;
		}
		@SuppressWarnings("unchecked")
		StepDefinition definition = new StepDefinition(name, type, (Map<String, Object>) input, retry, timeout,
				compensation, then, otherwise);
		stepType.check(definition).forEach((message) -> violations.add(new FieldViolation(pointer, message)));
		return definition;
	}

	private RetryPolicy retry(Object json, String pointer, List<FieldViolation> violations) {
		if (json == null) {
			return RetryPolicy.DEFAULT;
		}
		if (!(json instanceof Map<?, ?> retry)) {
			violations.add(new FieldViolation(pointer, "must be an object"));
			return null;
		}
		RetryPolicy defaults = RetryPolicy.DEFAULT;
		int maxAttempts = number(retry.get("max_attempts"), pointer + "/max_attempts", 1, 100, defaults.maxAttempts(),
				violations)
			.intValue();
		double multiplier = number(retry.get("multiplier"), pointer + "/multiplier", 1, 10, defaults.multiplier(),
				violations)
			.doubleValue();
		double jitter = number(retry.get("jitter"), pointer + "/jitter", 0, 1, defaults.jitter(), violations)
			.doubleValue();
		Duration initial = duration(retry.get("initial_interval"), pointer + "/initial_interval", violations);
		Duration max = duration(retry.get("max_interval"), pointer + "/max_interval", violations);
		Set<String> nonRetryable = new HashSet<>();
		Object codes = retry.get("non_retryable_errors");
		if (codes instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			list.forEach((code) -> nonRetryable.add((String) code));
		}
		else if (codes != null) {
			violations.add(new FieldViolation(pointer + "/non_retryable_errors", "must be an array of error codes"));
		}
		return new RetryPolicy(maxAttempts, (initial != null) ? initial : defaults.initialInterval(), multiplier,
				(max != null) ? max : defaults.maxInterval(), nonRetryable, jitter);
	}

	private static Number number(Object json, String pointer, double min, double max, Number fallback,
			List<FieldViolation> violations) {
		if (json == null) {
			return fallback;
		}
		if (!(json instanceof Number number) || number.doubleValue() < min || number.doubleValue() > max) {
			violations.add(new FieldViolation(pointer, "must be a number from " + min + " to " + max));
			return fallback;
		}
		return number;
	}

	private static Duration duration(Object json, String pointer, List<FieldViolation> violations) {
		if (json == null) {
			return null;
		}
		try {
			Duration duration = Durations.parse(String.valueOf(json));
			if (duration.isNegative() || duration.compareTo(Duration.ofDays(30)) > 0) {
				violations.add(new FieldViolation(pointer, "must be between 0 and 30 days"));
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			violations.add(new FieldViolation(pointer, ex.getMessage()));
			return null;
		}
	}

	private static String string(Map<?, ?> json, String field, String pointer, List<FieldViolation> violations,
			boolean required) {
		Object value = json.get(field);
		if (value == null) {
			if (required) {
				violations.add(new FieldViolation(pointer + "/" + field, "is required"));
			}
			return null;
		}
		if (!(value instanceof String text) || text.isBlank()) {
			violations.add(new FieldViolation(pointer + "/" + field, "must be a non-empty string"));
			return null;
		}
		return text;
	}

}
