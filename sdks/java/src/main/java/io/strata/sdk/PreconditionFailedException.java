package io.strata.sdk;

import java.util.List;

/** The {@code If-Match} ETag is stale: someone changed the object since it was read (412). Read it again and retry. */
public class PreconditionFailedException extends StrataException {

	private static final long serialVersionUID = 1L;

	public PreconditionFailedException(String type, String title, String detail, String instance, List<FieldError> errors,
			String traceId) {
		super(412, type, title, detail, instance, errors, traceId);
	}

}
