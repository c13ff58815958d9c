package io.strata.identity.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

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
@Tag(name = "password-resets")
class PasswordResetController {

	private final ResettingPasswords resetting;

	PasswordResetController(ResettingPasswords resetting) {
		this.resetting = resetting;
	}

	@Schema(description = "The email of the account whose password to reset, and its tenant when the email has "
			+ "accounts in several.")
	record ResetRequest(@Schema(example = "ada@acme.example") String email,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") @Nullable String tenantId) {

	}

	@Schema(description = "The reset token from the email and the new password.")
	record ConfirmRequest(@Schema(example = "prt_9d2f...") String token,
			@Schema(example = "correct horse battery staple") String password) {

	}

	@Schema(name = "IssuedPasswordReset", description = "A password-reset token for a user, shown only here.")
	record IssuedPasswordResetView(@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String userId,
			@Schema(example = "prt_9d2f...") String token,
			@Schema(format = "date-time", example = "2026-01-15T10:30:00Z") String expiresAt) {

	}

	/**
	 * Public. 202 whatever the email: the answer never tells whether it has an account.
	 */
	@PostMapping("/v2/auth/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "requestPasswordReset", summary = "Email a password-reset link")
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
	@Operation(operationId = "confirmPasswordReset", summary = "Set a new password with a reset token")
	void confirm(@RequestBody ConfirmRequest request) {
		this.resetting.confirm(request.token(), request.password());
	}

	/** A tenant admin issues a reset token for a user; the token is shown only here. */
	@PostMapping("/v2/users/{id}/password-reset")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "issuePasswordReset", summary = "Issue a password-reset token for a user")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	IssuedPasswordResetView issue(@PathVariable String id) {
		Caller caller = Caller.current();
		ResettingPasswords.Issued issued = this.resetting.issueByAdmin(caller.tenantId(), caller.subject(), id);
		return new IssuedPasswordResetView(issued.userId(), issued.token(), issued.expiresAt().toString());
	}

}
