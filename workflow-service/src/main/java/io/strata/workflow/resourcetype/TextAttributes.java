package io.strata.workflow.resourcetype;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;

/**
 * Checks a type's text attributes: each names a property of the schema's top-level
 * {@code properties} whose {@code type} is (or includes) {@code string}, once; at most
 * {@link #MAX}. Only top-level strings: the embedded text is what a person reads as the
 * resource's text (a title, a description), and a schema that allows anything there would
 * let numbers or nested objects pose as text.
 */
final class TextAttributes {

	static final int MAX = 32;

	private TextAttributes() {
	}

	static void check(@Nullable List<String> names, @Nullable JsonNode schema, String pointer,
			List<FieldViolation> violations) {
		if (names == null) {
			return;
		}
		if (names.size() > MAX) {
			violations.add(new FieldViolation(pointer, "must name at most " + MAX + " attributes"));
			return;
		}
		JsonNode properties = (schema != null) ? schema.path("properties") : null;
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name == null || name.isEmpty()) {
				violations.add(new FieldViolation(pointer + "/" + i, "must be an attribute name"));
			}
			else if (!seen.add(name)) {
				violations.add(new FieldViolation(pointer + "/" + i, "names '" + name + "' twice"));
			}
			else if (properties == null || !properties.path(name).isObject()) {
				violations
					.add(new FieldViolation(pointer + "/" + i, "'" + name + "' is not in the schema's properties"));
			}
			else if (!isString(properties.path(name).path("type"))) {
				violations.add(new FieldViolation(pointer + "/" + i,
						"'" + name + "' must be a string attribute (\"type\": \"string\")"));
			}
		}
	}

	private static boolean isString(JsonNode type) {
		if (type.isArray()) {
			for (JsonNode member : type) {
				if (member.isString() && "string".equals(member.asString())) {
					return true;
				}
			}
			return false;
		}
		return type.isString() && "string".equals(type.asString());
	}

}
