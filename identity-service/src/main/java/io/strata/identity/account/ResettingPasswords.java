package io.strata.identity.account;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.user.EmailAddresses;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.PasswordResetRequested;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Password reset with single-use, short-lived tokens stored hashed.
 * <p>
 * Two ways to get a token. The public request answers the same whatever the email and
 * publishes {@code PasswordResetRequested} (user id only): e-mail delivery of the token
 * is not built, and the token must not travel on Kafka, so a token issued this way is
 * only useful once a mail sender exists that is handed the token directly. A tenant admin
 * (support desk) can issue a token for a user and gets it once, to pass on.
 * <p>
 * Confirming sets the new password under the password policy, spends every outstanding
 * token of the user and ends all the user's sessions, in one transaction.
 */
@Component
class ResettingPasswords {

	private static final String ANONYMOUS = "anonymous";

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final Users users;

	private final ManagingUsers managingUsers;

	private final AuditLog audit;

	private final Outbox outbox;

	private final ResetThrottle throttle;

	private final AccountProperties properties;

	ResettingPasswords(JdbcTemplate jdbc, TenantScope tenants, Users users, ManagingUsers managingUsers, AuditLog audit,
			Outbox outbox, ResetThrottle throttle, AccountProperties properties) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.users = users;
		this.managingUsers = managingUsers;
		this.audit = audit;
		this.outbox = outbox;
		this.throttle = throttle;
		this.properties = properties;
	}

	record Request(String email, String tenantId, String clientAddress) {

	}

	record Issued(String userId, String token, Instant expiresAt) {

	}

	/** Thrown while the client address is over its quota of requests. */
	static final class TooManyRequests extends RuntimeException {

		private final Duration retryAfter;

		TooManyRequests(Duration retryAfter) {
			super("Too many password-reset requests", null, false, false);
			this.retryAfter = retryAfter;
		}

		Duration retryAfter() {
			return this.retryAfter;
		}

	}

	/**
	 * The public request: a token for each enabled account with this email (in the named
	 * tenant, or in every tenant: emails are unique only per tenant). Says nothing about
	 * whether any exists.
	 */
	void request(Request command) {
		List<FieldViolation> violations = new ArrayList<>();
		String email = EmailAddresses.normalize(command.email(), violations);
		if (!violations.isEmpty()) {
			// a malformed address is no account's: saying so reveals nothing
			throw ProblemException.invalid("The request is not valid", violations);
		}
		Duration wait = this.throttle.addressWait(command.clientAddress());
		if (!wait.isZero()) {
			throw new TooManyRequests(wait);
		}
		if (!this.throttle.emailAllowed(email)) {
			return;
		}
		// which tenants have this email: a lookup as the service, before any tenant is
		// known
		List<String> tenantIds = (command.tenantId() != null)
				? this.jdbc.queryForList(
						"SELECT tenant_id FROM users WHERE email = ? AND tenant_id = ? AND NOT disabled", String.class,
						email, command.tenantId())
				: this.jdbc.queryForList("SELECT tenant_id FROM users WHERE email = ? AND NOT disabled", String.class,
						email);
		for (String tenantId : tenantIds) {
			this.tenants.run(tenantId, (status) -> this.users.findByEmail(email).ifPresent((user) -> {
				Issued issued = issue(user, ANONYMOUS);
				this.audit.append(tenantId, ANONYMOUS, "password_reset.requested", user.id(),
						Map.of("via", "self-service", "client_address", command.clientAddress()));
				this.outbox.append(DomainEvent.of(user.id(), tenantId,
						PasswordResetRequested.newBuilder()
							.setTenantId(tenantId)
							.setUserId(user.id())
							.setExpiresAt(com.google.protobuf.Timestamp.newBuilder()
								.setSeconds(issued.expiresAt().getEpochSecond())
								.setNanos(issued.expiresAt().getNano()))
							.build()));
			}));
		}
	}

	/** A tenant admin issues a token for one of the tenant's users; it is shown once. */
	Issued issueByAdmin(String tenantId, String actor, String userId) {
		return this.tenants.call(tenantId, (status) -> {
			User user = this.users.find(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
			Issued issued = issue(user, actor);
			this.audit.append(tenantId, actor, "password_reset.requested", user.id(),
					Map.of("via", "admin", "expires_at", issued.expiresAt().toString()));
			return issued;
		});
	}

	/** Sets the new password with a live token; see the class comment. */
	void confirm(String token, String password) {
		String hash = OneTimeTokens.hash(token);
		String tenantId = OneTimeTokens.tenantOf(this.jdbc, "password_reset_tokens", hash)
			.orElseThrow(ResettingPasswords::invalid);
		this.tenants.run(tenantId, (status) -> {
			List<String> user = this.jdbc.queryForList("""
					SELECT user_id FROM password_reset_tokens
					WHERE token_hash = ? AND used_at IS NULL AND expires_at > now() FOR UPDATE""", String.class, hash);
			if (user.isEmpty()) {
				throw invalid();
			}
			String userId = user.get(0);
			// joins this transaction: a password the policy refuses leaves the token
			// usable
			this.managingUsers
				.changePassword(new ManagingUsers.ChangePassword(tenantId, userId, userId, password, "password-reset"));
			int spent = this.jdbc.update(
					"UPDATE password_reset_tokens SET used_at = now() WHERE user_id = ? AND used_at IS NULL", userId);
			this.audit.append(tenantId, userId, "password_reset.completed", userId, Map.of("tokens_spent", spent));
		});
	}

	private Issued issue(User user, String issuedBy) {
		String token = OneTimeTokens.newToken(OneTimeTokens.PASSWORD_RESET);
		Instant expiresAt = Instant.now().plus(this.properties.passwordResetTtl()).truncatedTo(ChronoUnit.MICROS);
		this.jdbc.update("""
				INSERT INTO password_reset_tokens (token_hash, tenant_id, user_id, issued_by, expires_at)
				VALUES (?, ?, ?, ?, ?)""", OneTimeTokens.hash(token), user.tenantId(), user.id(), issuedBy,
				Timestamp.from(expiresAt));
		return new Issued(user.id(), token, expiresAt);
	}

	/** One answer for unknown, expired and spent tokens, as for invitations. */
	private static ProblemException invalid() {
		return new ProblemException(HttpStatus.GONE, "invalid-reset-token", "Reset token not usable",
				"The password-reset token is unknown, expired or already used. Request a new one.");
	}

}
