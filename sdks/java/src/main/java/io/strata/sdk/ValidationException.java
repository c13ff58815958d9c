package io.strata.sdk;

import java.util.List;

/** The request was well-formed but invalid; {@link #errors()} says where (422). */
public class ValidationException extends StrataException {

	private static final long serialVersionUID = 1L;

	public ValidationException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(422, type, title, detail, instance, errors, traceId);
	}

}
