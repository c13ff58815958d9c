package io.strata.gateway.idempotency;

import java.util.List;
import java.util.Map;

/**
 * What Redis keeps under an idempotency key: the request's fingerprint and, once the
 * first request completed, its answer.
 *
 * @param state {@code in_flight} or {@code done}
 * @param fingerprint SHA-256 of method, path and body
 * @param status the answer's status
 * @param headers the answer's headers worth replaying
 * @param body the answer's body, base64
 */
record StoredResponse(String state, String fingerprint, int status, Map<String, List<String>> headers, String body) {

	static final String IN_FLIGHT = "in_flight";

	static final String DONE = "done";

	static StoredResponse inFlight(String fingerprint) {
		return new StoredResponse(IN_FLIGHT, fingerprint, 0, Map.of(), "");
	}

}
