package io.strata.sdk;

import java.util.List;

/** The credentials lack a scope the operation needs (403). */
public class PermissionDeniedException extends StrataException {

	private static final long serialVersionUID = 1L;

	public PermissionDeniedException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(403, type, title, detail, instance, errors, traceId);
	}

}
