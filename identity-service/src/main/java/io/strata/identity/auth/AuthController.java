package io.strata.identity.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.identity.mfa.Mfa;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The first-party sign-in API for apps that do not use a browser flow. Public: these
 * endpoints are how a caller gets a token.
 */
@RestController
@Tag(name = "sessions")
class AuthController {

	private final SigningIn signingIn;

	private final Sessions sessions;

	private final MfaSignIn mfaSignIn;

	AuthController(SigningIn signingIn, Sessions sessions, MfaSignIn mfaSignIn) {
		this.signingIn = signingIn;
		this.sessions = sessions;
		this.mfaSignIn = mfaSignIn;
	}

	@Schema(description = "A user's email and password, and the tenant when the email has accounts in several.")
	record LoginRequest(@Schema(example = "ada@acme.example") String email,
			@Schema(example = "correct horse battery staple") String password,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") @Nullable String tenantId) {

	}

	@Schema(description = "The refresh token of the session.")
	record RefreshRequest(@Schema(example = "rt_8b3c...") String refreshToken) {

	}

	@Schema(description = "The sign-in's MFA challenge and a TOTP or recovery code.")
	record MfaVerifyRequest(@Schema(example = "mfa_ch_4d2a...") String challenge,
			@Schema(example = "492039") String code) {

	}

	@Schema(description = "The challenge of an mfa-enrolment-required problem.")
	record MfaEnrolRequest(@Schema(example = "mfa_ch_4d2a...") String challenge) {

	}

	/**
	 * Tokens, or {@code {"mfa_required": true, "challenge"}} when the user has MFA. A
	 * user the tenant requires to use MFA, who has none yet, gets a 403
	 * {@code mfa-enrolment-required} problem whose {@code challenge} starts enrolment.
	 */
	@PostMapping("/v2/auth/login")
	@Operation(operationId = "login", summary = "Sign in with email and password")
	SignInResult login(@RequestBody LoginRequest request, HttpServletRequest http, HttpServletResponse response) {
		SignInResult result;
		try {
			result = this.signingIn.login(
					new SigningIn.Login(request.email(), request.password(), request.tenantId(), http.getRemoteAddr()));
		}
		catch (LoginThrottle.LockedOut ex) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()));
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ins", "Too many failed sign-ins",
					"Sign-in is locked for " + ex.retryAfter().toSeconds() + " s after repeated failures.");
		}
		if (result instanceof SignInResult.EnrolmentRequired enrolment) {
			ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN, "mfa-enrolment-required",
					"MFA enrolment required",
					"Your organisation requires multi-factor authentication. Enrol an authenticator app: POST "
							+ "/v2/auth/mfa/enrol with this challenge, then POST /v2/auth/mfa/verify with the challenge"
							+ " and the app's first code to finish signing in.");
			problem.setProperty("challenge", enrolment.challenge());
			throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
		}
		return result;
	}

	/** The second step of a sign-in: the challenge and a TOTP or recovery code. */
	@PostMapping("/v2/auth/mfa/verify")
	@Operation(operationId = "verifyMfa", summary = "Finish a sign-in with a second-factor code")
	TokenResponse verifyMfa(@RequestBody MfaVerifyRequest request) {
		return this.mfaSignIn.verify(request.challenge(), request.code());
	}

	/** Starts the TOTP enrolment an {@code mfa-enrolment-required} challenge allows. */
	@PostMapping("/v2/auth/mfa/enrol")
	@Operation(operationId = "enrolMfa", summary = "Enrol an authenticator app during sign-in")
	Mfa.Enrolment enrolMfa(@RequestBody MfaEnrolRequest request) {
		return this.mfaSignIn.enrol(request.challenge());
	}

	@PostMapping("/v2/auth/refresh")
	@Operation(operationId = "refreshToken", summary = "Get new tokens with a refresh token")
	TokenResponse refresh(@RequestBody RefreshRequest request) {
		return this.sessions.refresh(request.refreshToken());
	}

	/** Ends the session (the refresh token's family); answers 204 whatever the token. */
	@PostMapping("/v2/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "logout", summary = "End the session")
	void logout(@RequestBody RefreshRequest request) {
		this.sessions.revoke(request.refreshToken(), "signed out");
	}

}
