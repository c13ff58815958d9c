package io.strata.sdk;

import java.util.List;

/** The request conflicts with the object's current state, for example an action not allowed from it (409). */
public class ConflictException extends StrataException {

	private static final long serialVersionUID = 1L;

	public ConflictException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(409, type, title, detail, instance, errors, traceId);
	}

}
