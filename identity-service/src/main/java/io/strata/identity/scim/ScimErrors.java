package io.strata.identity.scim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;

import io.strata.platform.problem.ProblemException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingRequestValueException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every error of {@code /scim/v2} as a SCIM error (RFC 7644 section 3.12): the SCIM
 * controllers' own, Spring MVC's refusals (no body, wrong media type) with their 4xx
 * status, and the platform's problems raised by the use cases they call, with the SCIM
 * {@code scimType} that matches. Only the SCIM protocol's controllers: the admin API for
 * SCIM tokens answers problem+json like the rest of {@code /v2}.
 */
@RestControllerAdvice(
		assignableTypes = { ScimUserController.class, ScimGroupController.class, ScimDiscoveryController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class ScimErrors {

	private static final Logger log = LoggerFactory.getLogger(ScimErrors.class);

	@ExceptionHandler(ScimException.class)
	ResponseEntity<byte[]> scim(ScimException ex) {
		return ScimJson.error(ex.getScimError());
	}

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<byte[]> problem(ProblemException ex) {
		ErrorResponse error = new ErrorResponse(ex.status().value());
		error.setDetail(ex.getMessage());
		if (ex.status() == HttpStatus.CONFLICT) {
			error.setScimType(BadRequestException.UNIQUENESS);
		}
		else if (ex.status() == HttpStatus.BAD_REQUEST) {
			error.setScimType(BadRequestException.INVALID_VALUE);
		}
		return ScimJson.error(error);
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingRequestValueException.class })
	ResponseEntity<byte[]> badParameter(Exception ex) {
		ErrorResponse error = new ErrorResponse(HttpStatus.BAD_REQUEST.value());
		error.setScimType(BadRequestException.INVALID_VALUE);
		error.setDetail("A request parameter is missing or not valid");
		return ScimJson.error(error);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException ex) {
		ErrorResponse error = new ErrorResponse(HttpStatus.BAD_REQUEST.value());
		error.setScimType(BadRequestException.INVALID_SYNTAX);
		error.setDetail("The request body is missing or not a valid SCIM document");
		return ScimJson.error(error);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<byte[]> unexpected(Exception ex) {
		if (ex instanceof org.springframework.web.ErrorResponse refusal && refusal.getStatusCode().is4xxClientError()) {
			// Spring MVC's own refusals (media type, method, ...) keep their status
			ErrorResponse error = new ErrorResponse(refusal.getStatusCode().value());
			error.setDetail(refusal.getBody().getDetail());
			return ScimJson.error(error);
		}
		log.error("Unhandled SCIM error", ex);
		ErrorResponse error = new ErrorResponse(HttpStatus.INTERNAL_SERVER_ERROR.value());
		error.setDetail("The server could not complete the request");
		return ScimJson.error(error);
	}

}
