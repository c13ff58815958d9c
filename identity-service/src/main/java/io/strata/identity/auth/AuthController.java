package io.strata.identity.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The first-party sign-in API for apps that do not use a browser flow. Public: these
 * endpoints are how a caller gets a token.
 */
@RestController
class AuthController {

	private final SigningIn signingIn;

	private final Sessions sessions;

	AuthController(SigningIn signingIn, Sessions sessions) {
		this.signingIn = signingIn;
		this.sessions = sessions;
	}

	record LoginRequest(String email, String password, String tenantId) {

	}

	record RefreshRequest(String refreshToken) {

	}

	@PostMapping("/v2/auth/login")
	TokenResponse login(@RequestBody LoginRequest request, HttpServletRequest http, HttpServletResponse response) {
		try {
			return this.signingIn.login(
					new SigningIn.Login(request.email(), request.password(), request.tenantId(), http.getRemoteAddr()));
		}
		catch (LoginThrottle.LockedOut ex) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()));
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-ins", "Too many failed sign-ins",
					"Sign-in is locked for " + ex.retryAfter().toSeconds() + " s after repeated failures.");
		}
	}

	@PostMapping("/v2/auth/refresh")
	TokenResponse refresh(@RequestBody RefreshRequest request) {
		return this.sessions.refresh(request.refreshToken());
	}

	/** Ends the session (the refresh token's family); answers 204 whatever the token. */
	@PostMapping("/v2/auth/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void logout(@RequestBody RefreshRequest request) {
		this.sessions.revoke(request.refreshToken(), "signed out");
	}

}
