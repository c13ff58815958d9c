package io.strata.identity.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Timestamp;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.role.Roles;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;
import io.strata.platform.web.Ids;
import io.strata.proto.identity.v1.UserCreated;
import io.strata.proto.identity.v1.UserDeleted;
import io.strata.proto.identity.v1.UserUpdated;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates, changes, disables and deletes a tenant's users. Each change commits with its
 * audit entry and its identity.events event, in one tenant-scoped transaction.
 */
@Component
public class ManagingUsers {

	private final TenantScope tenants;

	private final Users users;

	private final JdbcTemplate jdbc;

	private final PasswordEncoder passwords;

	private final AuditLog audit;

	private final Outbox outbox;

	private final PasswordPolicy policy;

	ManagingUsers(TenantScope tenants, Users users, JdbcTemplate jdbc, PasswordEncoder passwords, AuditLog audit,
			Outbox outbox, PasswordPolicy policy) {
		this.tenants = tenants;
		this.users = users;
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.audit = audit;
		this.outbox = outbox;
		this.policy = policy;
	}

	public record CreateUser(String tenantId, String actor, String email, String password, List<String> roles) {

	}

	/** Only the fields that are not null change. */
	public record UpdateUser(String tenantId, String actor, String userId, String ifMatch, List<String> roles,
			Boolean disabled, String password) {

	}

	/**
	 * A new password for a user, set by the user (self-service, reset) or an admin.
	 *
	 * @param via how it was changed, recorded in the audit entry ({@code self-service},
	 * {@code password-reset}, ...)
	 */
	public record ChangePassword(String tenantId, String actor, String userId, String password, String via) {

	}

	public User create(CreateUser command) {
		List<FieldViolation> violations = new ArrayList<>();
		String email = EmailAddresses.normalize(command.email(), violations);
		violations.addAll(this.policy.check("/password", command.password(), command.email()));
		List<String> roles = (command.roles() != null) ? List.copyOf(Set.copyOf(command.roles())) : List.of();
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The user is not valid", violations);
		}
		String hash = this.passwords.encode(command.password());
		String id = Ids.newId("usr");
		try {
			return this.tenants.call(command.tenantId(), (status) -> {
				requireRoles(roles);
				requireNotConfusable(command.tenantId(), email);
				this.jdbc.update(
						"INSERT INTO users (id, tenant_id, email, email_skeleton, password_hash, roles)"
								+ " VALUES (?, ?, ?, ?, ?, ?)",
						id, command.tenantId(), email, EmailAddresses.skeleton(email), hash,
						roles.toArray(String[]::new));
				User user = this.users.find(id).orElseThrow();
				this.audit.append(command.tenantId(), command.actor(), "user.created", id,
						Map.of("email", email, "roles", roles));
				this.outbox.append(
						DomainEvent.of(id, command.tenantId(), UserCreated.newBuilder().setUser(proto(user)).build()));
				return user;
			});
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.conflict("A user with this email already exists in the tenant");
		}
	}

	public User update(UpdateUser command) {
		if (command.password() != null) {
			// fail fast, before any transaction; the email rule is checked once the user
			// is read
			this.policy.require("/password", command.password(), null);
		}
		return this.tenants.call(command.tenantId(), (status) -> {
			User user = this.users.find(command.userId())
				.orElseThrow(() -> ProblemException.notFound("User", command.userId()));
			String hash = null;
			if (command.password() != null) {
				this.policy.require("/password", command.password(), user.email());
				hash = this.passwords.encode(command.password());
			}
			ETags.check(command.ifMatch(), user.version());
			List<String> roles = (command.roles() != null) ? List.copyOf(Set.copyOf(command.roles())) : user.roles();
			if (command.roles() != null) {
				requireRoles(roles);
			}
			boolean disabled = (command.disabled() != null) ? command.disabled() : user.disabled();
			int changed = this.jdbc.update("""
					UPDATE users SET roles = ?, disabled = ?, password_hash = COALESCE(?, password_hash),
					       version = version + 1, updated_at = now()
					WHERE id = ? AND version = ?""", roles.toArray(String[]::new), disabled, hash, user.id(),
					user.version());
			if (changed == 0) {
				throw ProblemException.preconditionFailed("The user changed concurrently; read it again");
			}
			if (disabled || hash != null) {
				// a disabled user or a new password ends every session
				this.jdbc.update(
						"UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = ?"
								+ " WHERE user_id = ? AND revoked_at IS NULL",
						disabled ? "user disabled" : "password changed", user.id());
			}
			User updated = this.users.find(user.id()).orElseThrow();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("roles", roles);
			details.put("disabled", disabled);
			details.put("password_changed", hash != null);
			this.audit.append(command.tenantId(), command.actor(), "user.updated", user.id(), details);
			this.outbox.append(DomainEvent.of(user.id(), command.tenantId(),
					UserUpdated.newBuilder().setUser(proto(updated)).build()));
			return updated;
		});
	}

	/**
	 * Sets a user's password under the {@link PasswordPolicy} and ends every session of
	 * the user (all refresh-token families), audited as {@code user.password_changed}.
	 * Joins the caller's tenant transaction when there is one, so a reset token is spent
	 * in the same transaction as the password it sets.
	 */
	public void changePassword(ChangePassword command) {
		this.tenants.run(command.tenantId(), (status) -> {
			User user = this.users.find(command.userId())
				.orElseThrow(() -> ProblemException.notFound("User", command.userId()));
			this.policy.require("/password", command.password(), user.email());
			this.jdbc.update(
					"UPDATE users SET password_hash = ?, version = version + 1, updated_at = now() WHERE id = ?",
					this.passwords.encode(command.password()), user.id());
			int sessions = this.jdbc.update("UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = ?"
					+ " WHERE user_id = ? AND revoked_at IS NULL", "password changed", user.id());
			this.audit.append(command.tenantId(), command.actor(), "user.password_changed", user.id(),
					Map.of("via", command.via(), "sessions_revoked", sessions));
		});
	}

	/**
	 * A signed-in user changes their own password, proving the current one. A wrong
	 * current password is audited ({@code user.password_change_failed}) and answered 400.
	 */
	public void changeOwnPassword(String tenantId, String userId, String currentPassword, String newPassword) {
		boolean changed = this.tenants.call(tenantId, (status) -> {
			User user = this.users.find(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
			this.policy.require("/new_password", newPassword, user.email());
			String hash = this.users.passwordHash(userId).orElseThrow();
			if (currentPassword == null || !this.passwords.matches(currentPassword, hash)) {
				this.audit.append(tenantId, userId, "user.password_change_failed", userId,
						Map.of("reason", "wrong current password"));
				return false;
			}
			changePassword(new ChangePassword(tenantId, userId, userId, newPassword, "self-service"));
			return true;
		});
		if (!changed) {
			throw ProblemException.invalid("The current password is wrong",
					List.of(new FieldViolation("/current_password", "is wrong")));
		}
	}

	public void delete(String tenantId, String actor, String userId, String ifMatch) {
		this.tenants.run(tenantId, (status) -> {
			User user = this.users.find(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
			ETags.check(ifMatch, user.version());
			this.jdbc.update("DELETE FROM users WHERE id = ?", userId);
			this.audit.append(tenantId, actor, "user.deleted", userId, Map.of("email", user.email()));
			this.outbox.append(DomainEvent.of(userId, tenantId,
					UserDeleted.newBuilder().setTenantId(tenantId).setUserId(userId).build()));
		});
	}

	/**
	 * Throws a 400 problem at {@code /roles} unless the tenant has every role; runs in
	 * the tenant's scope.
	 */
	public void requireRoles(List<String> roles) {
		Set<String> existing = Roles.existing(this.jdbc, roles);
		List<String> unknown = roles.stream().filter((role) -> !existing.contains(role)).toList();
		if (!unknown.isEmpty()) {
			throw ProblemException.invalid("Unknown roles: " + unknown,
					List.of(new FieldViolation("/roles", "unknown roles " + unknown)));
		}
	}

	/**
	 * Throws a 409 {@code email-confusable} problem when the tenant has a user whose
	 * address looks like this {@link EmailAddresses#normalize normalized} one but is not
	 * it (the same address is the unique key's business); runs in the tenant's scope. The
	 * lock on the skeleton keeps two concurrent look-alikes from both passing.
	 */
	public void requireNotConfusable(String tenantId, String email) {
		String skeleton = EmailAddresses.skeleton(email);
		this.jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))::text", String.class,
				tenantId + "/" + skeleton);
		if (!this.jdbc
			.queryForList("SELECT 1 FROM users WHERE email_skeleton = ? AND email <> ? LIMIT 1", Integer.class,
					skeleton, email)
			.isEmpty()) {
			throw new ProblemException(HttpStatus.CONFLICT, "email-confusable", "Email confusable",
					"The email looks like the address of another user of the tenant (characters of other scripts or"
							+ " look-alike letters); use that user or an address that cannot be mistaken for it");
		}
	}

	static io.strata.proto.identity.v1.User proto(User user) {
		return io.strata.proto.identity.v1.User.newBuilder()
			.setId(user.id())
			.setTenantId(user.tenantId())
			.setEmail(user.email())
			.addAllRoles(user.roles())
			.setDisabled(user.disabled())
			.setCreatedAt(Timestamp.newBuilder()
				.setSeconds(user.createdAt().getEpochSecond())
				.setNanos(user.createdAt().getNano()))
			.build();
	}

}
