package io.strata.identity.auth;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the first step of a sign-in answers: tokens, or a request for the second factor.
 */
@Schema(description = "Tokens, or a request for the second factor.",
		oneOf = { TokenResponse.class, SignInResult.MfaRequired.class })
sealed interface SignInResult permits TokenResponse, SignInResult.MfaRequired, SignInResult.EnrolmentRequired {

	/**
	 * The user has MFA: {@code POST /v2/auth/mfa/verify} with this challenge and a code.
	 */
	@Schema(description = "The user has MFA: finish signing in with POST /v2/auth/mfa/verify.")
	record MfaRequired(@Schema(example = "true") boolean mfaRequired,
			@Schema(example = "mfa_ch_4d2a...") String challenge) implements SignInResult {

	}

	/**
	 * The tenant requires MFA the user has not set up: answered as a problem carrying an
	 * enrolment challenge.
	 */
	record EnrolmentRequired(String challenge) implements SignInResult {

	}

}
