package io.strata.identity.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a successful sign-in or refresh answers (the OAuth2 token response's shape); a
 * sign-in that completed an MFA enrolment also carries the recovery codes, shown once.
 */
record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> recoveryCodes) implements SignInResult {

	TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {
		this(accessToken, tokenType, expiresIn, refreshToken, List.of());
	}

	TokenResponse withRecoveryCodes(List<String> codes) {
		return new TokenResponse(this.accessToken, this.tokenType, this.expiresIn, this.refreshToken, codes);
	}

}
