package io.strata.identity.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.mfa.Mfa;
import io.strata.identity.user.EmailAddresses;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Signs a user in with email and password. Unknown email, wrong password and disabled
 * account all get the same answer after the same work (an Argon2 check always runs), so
 * the answer never tells whether an email exists. Emails are unique per tenant: a caller
 * may name the tenant; without it every tenant's account with that email is tried.
 */
@Component
class SigningIn {

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final Users users;

	private final PasswordEncoder passwords;

	private final LoginThrottle throttle;

	private final Sessions sessions;

	private final AuditLog audit;

	private final Mfa mfa;

	private final MfaSignIn mfaSignIn;

	// an Argon2 hash of nothing anyone knows: unknown emails cost what known ones do
	private final String decoy;

	SigningIn(JdbcTemplate jdbc, TenantScope tenants, Users users, PasswordEncoder passwords, LoginThrottle throttle,
			Sessions sessions, AuditLog audit, Mfa mfa, MfaSignIn mfaSignIn) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.users = users;
		this.passwords = passwords;
		this.throttle = throttle;
		this.sessions = sessions;
		this.audit = audit;
		this.mfa = mfa;
		this.mfaSignIn = mfaSignIn;
		this.decoy = passwords.encode(UUID.randomUUID().toString());
	}

	record Login(String email, String password, String tenantId, String clientAddress) {

	}

	SignInResult login(Login command) {
		return authenticate(command, (user) -> {
			// the password is right: the second factor, when the user has one or must
			// have one
			if (this.mfa.enrolled(user.id())) {
				return new SignInResult.MfaRequired(true, this.mfaSignIn.challenge(user, MfaSignIn.VERIFY));
			}
			if (this.mfa.required(user)) {
				return new SignInResult.EnrolmentRequired(this.mfaSignIn.challenge(user, MfaSignIn.ENROL));
			}
			this.audit.append(user.tenantId(), user.id(), "auth.login_succeeded", user.id(),
					Map.of("client_address", command.clientAddress()));
			return this.sessions.start(user);
		});
	}

	/**
	 * The one password check of every sign-in (this API and the browser login page):
	 * throttling, Argon2, disabled accounts, audit of failures. {@code next} runs in the
	 * user's tenant transaction once the password matched an enabled account; its answer
	 * is the sign-in's.
	 * @throws LoginThrottle.LockedOut while the account or the address is locked
	 * @throws ProblemException {@code invalid-credentials} for a wrong email or password
	 */
	<T> T authenticate(Login command, Function<User, T> next) {
		String email = EmailAddresses.lookupKey(command.email());
		String password = (command.password() != null) ? command.password() : "";
		List<String> keys = LoginThrottle.keys(email, command.clientAddress());
		this.throttle.check(keys);
		// which tenants have this email: a lookup as the service, before any tenant is
		// known
		List<String> candidateTenants = (command.tenantId() != null)
				? this.jdbc.queryForList("SELECT tenant_id FROM users WHERE email = ? AND tenant_id = ?", String.class,
						email, command.tenantId())
				: this.jdbc.queryForList("SELECT tenant_id FROM users WHERE email = ? ORDER BY tenant_id", String.class,
						email);
		if (candidateTenants.isEmpty()) {
			this.passwords.matches(password, this.decoy);
		}
		for (String tenantId : candidateTenants) {
			Optional<T> result = this.tenants.call(tenantId,
					(status) -> attempt(tenantId, email, password, command.clientAddress()).map(next));
			if (result.isPresent()) {
				this.throttle.succeeded(keys.get(0));
				return result.get();
			}
		}
		this.throttle.failed(keys);
		throw new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
				"The email or the password is wrong.");
	}

	private Optional<User> attempt(String tenantId, String email, String password, String clientAddress) {
		User user = this.users.findByEmail(email).orElse(null);
		if (user == null) {
			return Optional.empty();
		}
		boolean matches = this.passwords.matches(password, this.users.passwordHash(user.id()).orElse(this.decoy));
		if (!matches || user.disabled()) {
			this.audit.append(tenantId, user.id(), "auth.login_failed", user.id(),
					Map.of("reason", matches ? "disabled" : "wrong password", "client_address", clientAddress));
			return Optional.empty();
		}
		return Optional.of(user);
	}

}
