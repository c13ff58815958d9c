package io.strata.platform.problem;

/**
 * One validation failure: where in the request (an RFC 6901 JSON pointer) and what is
 * wrong.
 *
 * @param pointer JSON pointer into the request body, such as {@code /attributes/title}
 * @param message what is wrong, for a human
 */
public record FieldViolation(String pointer, String message) {

	/**
	 * Turns a dotted property path ({@code attributes.title}, {@code items[2].name}) into
	 * a JSON pointer.
	 */
	public static FieldViolation ofPath(String path, String message) {
		if (path == null || path.isEmpty()) {
			return new FieldViolation("", message);
		}
		StringBuilder pointer = new StringBuilder();
		for (String segment : path.replace("[", ".").replace("]", "").split("\\.")) {
			if (!segment.isEmpty()) {
				pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
			}
		}
		return new FieldViolation(pointer.toString(), message);
	}

}
