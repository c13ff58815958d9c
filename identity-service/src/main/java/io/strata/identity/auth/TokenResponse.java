package io.strata.identity.auth;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What a successful sign-in or refresh answers (the OAuth2 token response's shape); a
 * sign-in that completed an MFA enrolment also carries the recovery codes, shown once.
 */
@Schema(description = "The tokens of a session.")
record TokenResponse(@Schema(example = "eyJhbGciOiJSUzI1NiIsImtpZCI6...") String accessToken,
		@Schema(example = "Bearer") String tokenType, @Schema(description = "Seconds", example = "900") long expiresIn,
		@Schema(example = "rt_8b3c...") String refreshToken,
		@Schema(description = "The recovery codes of an MFA enrolment this sign-in completed, shown once; absent "
				+ "otherwise") @JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable List<String> recoveryCodes)
		implements
			SignInResult {

	TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken) {
		this(accessToken, tokenType, expiresIn, refreshToken, List.of());
	}

	TokenResponse withRecoveryCodes(List<String> codes) {
		return new TokenResponse(this.accessToken, this.tokenType, this.expiresIn, this.refreshToken, codes);
	}

}
