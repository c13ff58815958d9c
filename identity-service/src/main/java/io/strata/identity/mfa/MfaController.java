package io.strata.identity.mfa;

import java.util.List;

import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.tenant.TenantScope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in user's own MFA, an admin's reset of a user's MFA, and the tenant's MFA
 * policy. "Me" endpoints need a user's own session token (first-party sign-in): a token
 * minted for a client or an API key cannot change its owner's second factor.
 */
@RestController
@Tag(name = "mfa")
class MfaController {

	private static final String FIRST_PARTY = "strata-first-party";

	private final Mfa mfa;

	private final Users users;

	private final TenantScope tenants;

	MfaController(Mfa mfa, Users users, TenantScope tenants) {
		this.mfa = mfa;
		this.users = users;
		this.tenants = tenants;
	}

	@Schema(description = "A current code of the authenticator app, or a recovery code.")
	record CodeRequest(@Schema(example = "492039") String code) {

	}

	@Schema(description = "Who in the tenant must use a second factor.")
	record MfaPolicy(@Schema(description = "optional, admins or all", example = "admins") String require) {

	}

	@Schema(description = "The signed-in user's second factor.")
	record MfaStatus(
			@Schema(description = "none, pending (waiting for its first code) or enabled", example = "enabled",
					allowableValues = {
							"none", "pending", "enabled" }) String totp,
			@Schema(example = "8") int recoveryCodesRemaining,
			@Schema(description = "Whether the tenant's policy requires the user to use MFA",
					example = "true") boolean required){

	}

	@Schema(description = "The ten single-use recovery codes, shown only in this answer.")
	record RecoveryCodes(@Schema(example = "[\"3f9a-71c2\", \"b04e-9d18\"]") List<String> recoveryCodes) {

	}

	@GetMapping("/v2/users/me/mfa")
	@Operation(operationId = "getOwnMfa", summary = "Get the signed-in user's MFA status")
	MfaStatus status() {
		Caller caller = me();
		return this.tenants.call(caller.tenantId(), (status) -> {
			User user = user(caller);
			return new MfaStatus(this.mfa.state(user.id()), this.mfa.recoveryCodesLeft(user.id()),
					this.mfa.required(user));
		});
	}

	/** Starts enrolment: the secret, the otpauth URI and its QR code (PNG, base64). */
	@PostMapping("/v2/users/me/mfa/totp")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "enrolTotp", summary = "Start enrolling an authenticator app")
	Mfa.Enrolment enrol() {
		Caller caller = me();
		return this.tenants.call(caller.tenantId(), (status) -> this.mfa.begin(user(caller), caller.subject()));
	}

	/**
	 * Confirms enrolment with the app's first code; answers the ten recovery codes, once.
	 */
	@PostMapping("/v2/users/me/mfa/totp/confirm")
	@Operation(operationId = "confirmTotp", summary = "Confirm an authenticator app with its first code")
	RecoveryCodes confirm(@RequestBody CodeRequest request) {
		Caller caller = me();
		List<String> codes = this.tenants.call(caller.tenantId(),
				(status) -> this.mfa.confirm(user(caller), request.code(), caller.subject()));
		if (codes.isEmpty()) {
			throw wrongCode();
		}
		return new RecoveryCodes(codes);
	}

	/** Removes the user's TOTP, proven with a current code or a recovery code. */
	@PostMapping("/v2/users/me/mfa/totp/remove")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "removeTotp", summary = "Remove the signed-in user's authenticator app")
	void remove(@RequestBody CodeRequest request) {
		Caller caller = me();
		boolean removed = this.tenants.call(caller.tenantId(), (status) -> {
			User user = user(caller);
			if (!this.mfa.verify(user, request.code())) {
				return false;
			}
			this.mfa.remove(user, caller.subject());
			return true;
		});
		if (!removed) {
			throw wrongCode();
		}
	}

	/** An admin resets a user's MFA (a lost phone); the user enrols again. */
	@DeleteMapping("/v2/users/{id}/mfa")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "resetUserMfa", summary = "Reset a user's MFA")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	void reset(@PathVariable String id) {
		Caller caller = Caller.current();
		this.tenants.run(caller.tenantId(), (status) -> this.mfa
			.remove(this.users.find(id).orElseThrow(() -> ProblemException.notFound("user", id)), caller.subject()));
	}

	@GetMapping("/v2/tenants/-/mfa-policy")
	@Operation(operationId = "getMfaPolicy", summary = "Get the tenant's MFA policy")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	MfaPolicy policy() {
		Caller caller = Caller.current();
		return new MfaPolicy(this.tenants.call(caller.tenantId(), (status) -> this.mfa.policy(caller.tenantId())));
	}

	/** {@code {"require": "optional" | "admins" | "all"}}. */
	@PutMapping("/v2/tenants/-/mfa-policy")
	@Operation(operationId = "setMfaPolicy", summary = "Set the tenant's MFA policy")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	MfaPolicy setPolicy(@RequestBody MfaPolicy request) {
		Caller caller = Caller.current();
		this.tenants.run(caller.tenantId(),
				(status) -> this.mfa.setPolicy(caller.tenantId(), request.require(), caller.subject()));
		return new MfaPolicy(request.require());
	}

	private static Caller me() {
		Caller caller = Caller.current();
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication.getPrincipal() instanceof Jwt jwt) || !FIRST_PARTY.equals(jwt.getClaimAsString("azp"))) {
			throw ProblemException.forbidden("Only a user's own sign-in session can manage their MFA.");
		}
		return caller;
	}

	private User user(Caller caller) {
		return this.users.find(caller.subject()).orElseThrow(() -> ProblemException.notFound("user", caller.subject()));
	}

	private static ProblemException wrongCode() {
		return ProblemException.invalid("The code is wrong or already used",
				List.of(new FieldViolation("/code", "wrong or already used code")));
	}

}
