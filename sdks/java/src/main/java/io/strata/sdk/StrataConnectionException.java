package io.strata.sdk;

import java.util.List;

/** No answer: the connection failed or the request timed out, after the client's retries. Status 0. */
public class StrataConnectionException extends StrataException {

	private static final long serialVersionUID = 1L;

	public StrataConnectionException(String detail, Throwable cause) {
		super(0, null, "Connection failed", detail, null, List.of(), null, cause);
	}

}
