package io.strata.gateway.graphql;

/**
 * An argument the gateway itself refuses (a page size out of range, a foreign cursor).
 */
final class BadUserInputException extends RuntimeException {

	private final String pointer;

	BadUserInputException(String pointer, String message) {
		super(message);
		this.pointer = pointer;
	}

	String pointer() {
		return this.pointer;
	}

}
