package io.strata.sdk;

import java.util.List;

/** The credentials were missing, wrong or expired (401). */
public class AuthenticationException extends StrataException {

	private static final long serialVersionUID = 1L;

	public AuthenticationException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(401, type, title, detail, instance, errors, traceId);
	}

}
