package io.strata.platform.problem;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * An error a caller can act on, answered as RFC 9457 problem+json with the given status.
 * Services throw it (or one of the factory results) instead of building responses by
 * hand, so every error looks the same.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String title;

	private final List<FieldViolation> errors;

	public ProblemException(HttpStatus status, String type, String title, String detail, List<FieldViolation> errors) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
		this.errors = List.copyOf(errors);
	}

	public ProblemException(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, List.of());
	}

	/** The detail of a 403 that says no more than that the caller may not do this. */
	public static final String FORBIDDEN_DETAIL = "The token does not grant access to this operation.";

	/** 403 {@code forbidden}, the answer to a caller whose token does not allow this. */
	public static ProblemException forbidden() {
		return forbidden(FORBIDDEN_DETAIL);
	}

	public static ProblemException forbidden(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
	}

	public static ProblemException notFound(String what, String id) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
				what + " " + id + " does not exist");
	}

	public static ProblemException invalid(String detail, List<FieldViolation> errors) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail, errors);
	}

	public static ProblemException conflict(String detail) {
		return new ProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
	}

	public static ProblemException preconditionFailed(String detail) {
		return new ProblemException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed",
				detail);
	}

	public HttpStatus status() {
		return this.status;
	}

	/** The last segment of the problem type URI, such as {@code validation}. */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public List<FieldViolation> errors() {
		return this.errors;
	}

}
