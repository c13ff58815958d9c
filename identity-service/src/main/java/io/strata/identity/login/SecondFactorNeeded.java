package io.strata.identity.login;

import org.springframework.security.core.AuthenticationException;

/**
 * The password was right and the user has a second factor: not signed in yet. The failure
 * handler keeps the challenge in the session and shows the code page.
 */
class SecondFactorNeeded extends AuthenticationException {

	private final transient String challenge;

	SecondFactorNeeded(String challenge) {
		super("A second factor is required");
		this.challenge = challenge;
	}

	String challenge() {
		return this.challenge;
	}

}
