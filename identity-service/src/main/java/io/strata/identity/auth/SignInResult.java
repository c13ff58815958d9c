package io.strata.identity.auth;

/**
 * What the first step of a sign-in answers: tokens, or a request for the second factor.
 */
sealed interface SignInResult permits TokenResponse, SignInResult.MfaRequired, SignInResult.EnrolmentRequired {

	/**
	 * The user has MFA: {@code POST /v2/auth/mfa/verify} with this challenge and a code.
	 */
	record MfaRequired(boolean mfaRequired, String challenge) implements SignInResult {

	}

	/**
	 * The tenant requires MFA the user has not set up: answered as a problem carrying an
	 * enrolment challenge.
	 */
	record EnrolmentRequired(String challenge) implements SignInResult {

	}

}
