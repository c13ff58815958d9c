package io.strata.platform.problem;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidNullException;

import io.strata.platform.observability.TraceIds;
import io.strata.platform.web.NulCharacterException;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error of a servlet service as problem+json: Spring MVC's own (404, 405,
 * 415, 400 for malformed JSON, bean validation), {@link ProblemException}s thrown by
 * services, and anything unexpected as a 500 without internals.
 */
@RestControllerAdvice
public class ServletProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ServletProblemHandler.class);

	private final TraceIds traceIds;

	public ServletProblemHandler(TraceIds traceIds) {
		this.traceIds = traceIds;
	}

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> handleProblem(ProblemException ex, WebRequest request) {
		return respond(Problems.of(ex), new HttpHeaders(), ex.status(), request);
	}

	/**
	 * A {@code @PreAuthorize} refused the caller (the route's scope was granted, the
	 * method asks for more): the same 403 as a missing scope, not Spring's default.
	 */
	@ExceptionHandler(AuthorizationDeniedException.class)
	ResponseEntity<Object> handleDenied(AuthorizationDeniedException ex, WebRequest request) {
		return handleProblem(ProblemException.forbidden(), request);
	}

	@ExceptionHandler({ AuthenticationException.class, AccessDeniedException.class })
	void rethrowSecurity(RuntimeException ex) {
		// Spring Security's filters answer these (401/403) with the platform's entry
		// point.
		throw ex;
	}

	/**
	 * A conflict with concurrent requests that outlasted {@code TenantScope}'s retries:
	 * the request did nothing and may be sent again.
	 */
	@ExceptionHandler(ConcurrencyFailureException.class)
	ResponseEntity<Object> handleConflictingRequests(ConcurrencyFailureException ex, WebRequest request) {
		log.warn("Request on {} kept colliding with concurrent ones: {}", path(request), ex.getMessage());
		return retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
				"The request collided with concurrent ones and did nothing; send it again."), 1, request);
	}

	/**
	 * A store the request needs (PostgreSQL, say) is down or dropped the connection: the
	 * caller may send the request again once it is back (a write with the same
	 * {@code Idempotency-Key}), so this is a 503 with {@code Retry-After}, not a 500.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class,
			RecoverableDataAccessException.class, CannotCreateTransactionException.class,
			TransactionSystemException.class })
	ResponseEntity<Object> handleStoreUnavailable(Exception ex, WebRequest request) {
		log.warn("A store was unavailable for {}: {}", path(request), ex.toString());
		return retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Unavailable",
				"A store this request needs is unavailable; send the request again shortly."), 2, request);
	}

	private ResponseEntity<Object> retryLater(ProblemDetail problem, int seconds, WebRequest request) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(seconds));
		return respond(problem, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		log.error("Unhandled error on {}", path(request), ex);
		ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"The server could not complete the request; quote the traceId when reporting it.");
		return respond(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getCause() instanceof NulCharacterException || ex.getCause() instanceof InvalidNullException) {
			JacksonException cause = (JacksonException) ex.getCause();
			ProblemDetail problem = Problems.validation("The request body has an invalid value.",
					List.of(new FieldViolation(JsonPointers.of(cause), cause.getOriginalMessage())));
			return respond(problem, headers, HttpStatus.BAD_REQUEST, request);
		}
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
				"The request body is not valid JSON for this operation.");
		return respond(problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldViolation> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> FieldViolation.ofPath(snakeCase(error.getField()), error.getDefaultMessage()))
			.toList();
		ProblemDetail problem = Problems.validation("The request has " + errors.size() + " invalid field(s).", errors);
		return respond(problem, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem) {
			return respond(problem, headers, statusCode, request);
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private ResponseEntity<Object> respond(ProblemDetail problem, HttpHeaders headers, HttpStatusCode status,
			WebRequest request) {
		Problems.complete(problem, path(request), this.traceIds.currentTraceId());
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static String path(WebRequest request) {
		if (request instanceof ServletWebRequest servletRequest) {
			HttpServletRequest raw = servletRequest.getRequest();
			return raw.getRequestURI();
		}
		return null;
	}

	static String snakeCase(String javaPath) {
		return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
	}

}
