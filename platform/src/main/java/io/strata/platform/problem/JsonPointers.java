package io.strata.platform.problem;

import tools.jackson.core.JacksonException;

/** Where in a request body a Jackson error happened, as an RFC 6901 JSON pointer. */
final class JsonPointers {

	private JsonPointers() {
	}

	static String of(JacksonException ex) {
		StringBuilder pointer = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			pointer.append('/');
			if (reference.getPropertyName() != null) {
				pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
			}
			else {
				pointer.append(reference.getIndex());
			}
		}
		return pointer.toString();
	}

}
