package io.strata.sdk;

import java.util.List;

/**
 * An error answer of the Strata API ({@code application/problem+json}, RFC 9457) or a failure to get
 * one (then {@link #status()} is 0). Subclasses name the statuses callers usually branch on:
 * {@link NotFoundException} (404), {@link ConflictException} (409), {@link PreconditionFailedException}
 * (412), {@link ValidationException} (422), {@link RateLimitException} (429),
 * {@link AuthenticationException} (401) and {@link PermissionDeniedException} (403).
 */
public class StrataException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String type;

	private final String title;

	private final String detail;

	private final String instance;

	private final transient List<FieldError> errors;

	private final String traceId;

	/** One problem with one field: a JSON pointer into the request and what is wrong there. */
	public record FieldError(String pointer, String message) {
	}

	public StrataException(int status, String type, String title, String detail, String instance,
			List<FieldError> errors, String traceId) {
		this(status, type, title, detail, instance, errors, traceId, null);
	}

	public StrataException(int status, String type, String title, String detail, String instance,
			List<FieldError> errors, String traceId, Throwable cause) {
		super(message(status, title, detail, errors, traceId), cause);
		this.status = status;
		this.type = type;
		this.title = title;
		this.detail = detail;
		this.instance = instance;
		this.errors = (errors != null) ? List.copyOf(errors) : List.of();
		this.traceId = traceId;
	}

	private static String message(int status, String title, String detail, List<FieldError> errors,
			String traceId) {
		StringBuilder message = new StringBuilder();
		if (status > 0) {
			message.append(status).append(' ');
		}
		message.append((title != null) ? title : "Request failed");
		if (detail != null && !detail.isBlank()) {
			message.append(": ").append(detail);
		}
		if (errors != null) {
			for (FieldError error : errors) {
				message.append("; ").append(error.pointer()).append(' ').append(error.message());
			}
		}
		if (traceId != null) {
			message.append(" (trace ").append(traceId).append(')');
		}
		return message.toString();
	}

	/** The HTTP status, or 0 when no answer came (connection error, timeout). */
	public int status() {
		return this.status;
	}

	/** The problem type URI, for example {@code https://strata.io/problems/not-found}. */
	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

	public String detail() {
		return this.detail;
	}

	public String instance() {
		return this.instance;
	}

	/** The field errors of a 400/422 answer; empty when there are none. */
	public List<FieldError> errors() {
		return this.errors;
	}

	/** The platform's trace id of the failed request, to quote when asking for help. */
	public String traceId() {
		return this.traceId;
	}

	static StrataException of(int status, String type, String title, String detail, String instance,
			List<FieldError> errors, String traceId, long retryAfterMillis) {
		return switch (status) {
			case 401 -> new AuthenticationException(type, title, detail, instance, errors, traceId);
			case 403 -> new PermissionDeniedException(type, title, detail, instance, errors, traceId);
			case 404 -> new NotFoundException(type, title, detail, instance, errors, traceId);
			case 409 -> new ConflictException(type, title, detail, instance, errors, traceId);
			case 412 -> new PreconditionFailedException(type, title, detail, instance, errors, traceId);
			case 422 -> new ValidationException(type, title, detail, instance, errors, traceId);
			case 429 -> new RateLimitException(type, title, detail, instance, errors, traceId, retryAfterMillis);
			default -> new StrataException(status, type, title, detail, instance, errors, traceId);
		};
	}

}
