package io.strata.gateway.security;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Identity vouched for the API key but gave no usable access token for it, so there is
 * nothing the services would accept: a 401 whose detail tells the caller that the key
 * itself is fine and that retrying will not help.
 */
final class ApiKeyWithoutAccessTokenException extends InvalidBearerTokenException {

	static final String DETAIL = "The API key is valid, but identity issued no access token for it, so the services "
			+ "cannot accept the request. Retrying will not help; report it to the platform operator.";

	private final String keyId;

	ApiKeyWithoutAccessTokenException(String keyId) {
		super("Identity issued no access token for API key " + keyId);
		this.keyId = keyId;
	}

	String keyId() {
		return this.keyId;
	}

}
