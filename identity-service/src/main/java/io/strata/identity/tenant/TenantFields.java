package io.strata.identity.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;

/**
 * The rules for a tenant's fields, shared by creating and changing one; each adds what is
 * wrong to {@code violations} under the field's JSON pointer.
 */
final class TenantFields {

	private static final Pattern PLAN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,49}");

	private static final Pattern LIMIT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private TenantFields() {
	}

	static void checkName(String name, List<FieldViolation> violations) {
		if (name == null || name.isBlank() || name.length() > 200) {
			violations.add(new FieldViolation("/name", "must have between 1 and 200 characters"));
		}
	}

	static void checkPlan(String plan, List<FieldViolation> violations) {
		if (plan == null || !PLAN.matcher(plan).matches()) {
			violations.add(new FieldViolation("/plan", "must be a plan name such as \"standard\""));
		}
	}

	/**
	 * Limits are named counts ({@code rate_limit_per_second}): whole numbers, 0 or more;
	 * {@code null} removes a limit (JSON merge patch).
	 */
	static void checkLimits(Map<String, Object> limits, List<FieldViolation> violations) {
		limits.forEach((name, value) -> {
			String pointer = "/limits/" + name.replace("~", "~0").replace("/", "~1");
			if (!LIMIT_NAME.matcher(name).matches()) {
				violations.add(new FieldViolation(pointer, "must be a snake_case limit name"));
			}
			else if (value != null && !(value instanceof Number number && isWholeAndNotNegative(number))) {
				violations.add(new FieldViolation(pointer, "must be a whole number, 0 or more, or null to remove it"));
			}
		});
	}

	/**
	 * The limits of a request as {@link #checkLimits} reads them: numbers as numbers,
	 * JSON {@code null} as {@code null}, any other value as itself (not a number).
	 */
	static Map<String, Object> limitValues(Map<String, JsonNode> limits) {
		Map<String, Object> values = new LinkedHashMap<>();
		limits.forEach((name, value) -> values.put(name,
				(value == null || value.isNull()) ? null : (value.isNumber() ? value.numberValue() : value)));
		return values;
	}

	private static boolean isWholeAndNotNegative(Number number) {
		return number.doubleValue() >= 0 && number.doubleValue() == Math.rint(number.doubleValue())
				&& number.doubleValue() <= Long.MAX_VALUE;
	}

}
