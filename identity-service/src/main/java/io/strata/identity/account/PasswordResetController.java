package io.strata.identity.account;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.identity.support.Caller;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Password reset: the public request and confirmation, and a tenant admin's issue of a
 * token for a user (support desks).
 */
@RestController
class PasswordResetController {

	private final ResettingPasswords resetting;

	PasswordResetController(ResettingPasswords resetting) {
		this.resetting = resetting;
	}

	record ResetRequest(String email, String tenantId) {

	}

	record ConfirmRequest(String token, String password) {

	}

	/**
	 * Public. 202 whatever the email: the answer never tells whether it has an account.
	 */
	@PostMapping("/v2/auth/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void request(@RequestBody ResetRequest request, HttpServletRequest http, HttpServletResponse response) {
		try {
			this.resetting
				.request(new ResettingPasswords.Request(request.email(), request.tenantId(), http.getRemoteAddr()));
		}
		catch (ResettingPasswords.TooManyRequests ex) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()));
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-reset-requests",
					"Too many password-reset requests", "Try again in " + ex.retryAfter().toSeconds() + " s.");
		}
	}

	/** Public. Sets the new password; 410 for an unknown, expired or used token. */
	@PostMapping("/v2/auth/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void confirm(@RequestBody ConfirmRequest request) {
		this.resetting.confirm(request.token(), request.password());
	}

	/** A tenant admin issues a reset token for a user; the token is shown only here. */
	@PostMapping("/v2/users/{id}/password-reset")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> issue(@PathVariable String id) {
		Caller caller = Caller.admin();
		ResettingPasswords.Issued issued = this.resetting.issueByAdmin(caller.tenantId(), caller.subject(), id);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("user_id", issued.userId());
		view.put("token", issued.token());
		view.put("expires_at", issued.expiresAt().toString());
		return view;
	}

}
