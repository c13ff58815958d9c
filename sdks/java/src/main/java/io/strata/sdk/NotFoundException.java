package io.strata.sdk;

import java.util.List;

/** The addressed object does not exist (404). */
public class NotFoundException extends StrataException {

	private static final long serialVersionUID = 1L;

	public NotFoundException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(404, type, title, detail, instance, errors, traceId);
	}

}
