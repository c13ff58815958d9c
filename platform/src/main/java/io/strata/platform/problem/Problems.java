package io.strata.platform.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds the platform's RFC 9457 problem documents: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance}, {@code traceId} and, for validation,
 * {@code errors[]}. The one place that knows their shape, for servlet and reactive stacks
 * alike.
 */
public final class Problems {

	/** Base of every problem type URI; the last segment names the problem. */
	public static final String TYPE_BASE = "https://strata.io/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

	public static ProblemDetail of(ProblemException exception) {
		ProblemDetail problem = of(exception.status(), exception.type(), exception.title(), exception.getMessage());
		if (!exception.errors().isEmpty()) {
			problem.setProperty("errors", exception.errors());
		}
		return problem;
	}

	/**
	 * Fills what a handler left out: a type derived from the status, the request path and
	 * the trace id.
	 */
	public static ProblemDetail complete(ProblemDetail problem, String path, String traceId) {
		if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
			problem.setType(URI.create(TYPE_BASE + typeFor(problem.getStatus())));
		}
		if (problem.getInstance() == null && path != null) {
			problem.setInstance(URI.create(path.replace(" ", "%20")));
		}
		if (traceId != null && (problem.getProperties() == null || !problem.getProperties().containsKey("traceId"))) {
			problem.setProperty("traceId", traceId);
		}
		return problem;
	}

	/**
	 * The JSON members of a problem, in the RFC's order, with extension members flattened
	 * in.
	 */
	public static Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", (problem.getType() != null) ? problem.getType().toString() : "about:blank");
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

	public static ProblemDetail validation(String detail, List<FieldViolation> errors) {
		return of(ProblemException.invalid(detail, errors));
	}

	public static String typeFor(int status) {
		return switch (status) {
			case 400 -> "bad-request";
			case 401 -> "unauthorized";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 409 -> "conflict";
			case 412 -> "precondition-failed";
			case 413 -> "payload-too-large";
			case 415 -> "unsupported-media-type";
			case 422 -> "unprocessable";
			case 429 -> "rate-limited";
			case 431 -> "request-header-fields-too-large";
			case 503 -> "unavailable";
			default -> (status >= 500) ? "internal" : "http-" + String.valueOf(status).toLowerCase(Locale.ROOT);
		};
	}

}
