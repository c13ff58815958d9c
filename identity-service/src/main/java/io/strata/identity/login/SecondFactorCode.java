package io.strata.identity.login;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A code typed on the code page, with the challenge the password step left in the
 * session.
 */
class SecondFactorCode extends AbstractAuthenticationToken {

	private final transient String challenge;

	private final transient String code;

	SecondFactorCode(String challenge, String code) {
		super(List.of());
		this.challenge = challenge;
		this.code = code;
		setAuthenticated(false);
	}

	String challenge() {
		return this.challenge;
	}

	String code() {
		return this.code;
	}

	@Override
	public Object getCredentials() {
		return this.code;
	}

	@Override
	public Object getPrincipal() {
		return "mfa-challenge";
	}

}
