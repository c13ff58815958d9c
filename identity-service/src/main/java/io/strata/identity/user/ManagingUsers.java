package io.strata.identity.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.protobuf.Timestamp;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.support.Ids;
import io.strata.identity.tenant.Roles;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.events.EventTopics;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.UserCreated;
import io.strata.proto.identity.v1.UserDeleted;
import io.strata.proto.identity.v1.UserUpdated;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates, changes, disables and deletes a tenant's users. Each change commits with its
 * audit entry and its identity.events event, in one tenant-scoped transaction.
 */
@Component
public class ManagingUsers {

	// deliberately loose: the mailbox decides what is deliverable; this catches typos
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

	static final int MIN_PASSWORD = 10;

	static final int MAX_PASSWORD = 256;

	private final TenantScope tenants;

	private final Users users;

	private final JdbcTemplate jdbc;

	private final PasswordEncoder passwords;

	private final AuditLog audit;

	private final Outbox outbox;

	ManagingUsers(TenantScope tenants, Users users, JdbcTemplate jdbc, PasswordEncoder passwords, AuditLog audit,
			Outbox outbox) {
		this.tenants = tenants;
		this.users = users;
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.audit = audit;
		this.outbox = outbox;
	}

	public record CreateUser(String tenantId, String actor, String email, String password, List<String> roles) {

	}

	/** Only the fields that are not null change. */
	public record UpdateUser(String tenantId, String actor, String userId, Integer expectedVersion, List<String> roles,
			Boolean disabled, String password) {

	}

	public User create(CreateUser command) {
		List<FieldViolation> violations = new ArrayList<>();
		String email = normalizeEmail(command.email(), violations);
		checkPassword(command.password(), violations);
		List<String> roles = (command.roles() != null) ? List.copyOf(Set.copyOf(command.roles())) : List.of();
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The user is not valid", violations);
		}
		String hash = this.passwords.encode(command.password());
		String id = Ids.newId("usr");
		try {
			return this.tenants.call(command.tenantId(), (status) -> {
				requireRoles(roles);
				this.jdbc.update(
						"INSERT INTO users (id, tenant_id, email, password_hash, roles) VALUES (?, ?, ?, ?, ?)", id,
						command.tenantId(), email, hash, roles.toArray(String[]::new));
				User user = this.users.find(id).orElseThrow();
				this.audit.append(command.tenantId(), command.actor(), "user.created", id,
						Map.of("email", email, "roles", roles));
				this.outbox.append(DomainEvent.of(EventTopics.IDENTITY, id, "identity.user.created", command.tenantId(),
						UserCreated.newBuilder().setUser(proto(user)).build()));
				return user;
			});
		}
		catch (DuplicateKeyException ex) {
			throw ProblemException.conflict("A user with this email already exists in the tenant");
		}
	}

	public User update(UpdateUser command) {
		List<FieldViolation> violations = new ArrayList<>();
		if (command.password() != null) {
			checkPassword(command.password(), violations);
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The change is not valid", violations);
		}
		String hash = (command.password() != null) ? this.passwords.encode(command.password()) : null;
		return this.tenants.call(command.tenantId(), (status) -> {
			User user = this.users.find(command.userId())
				.orElseThrow(() -> ProblemException.notFound("User", command.userId()));
			if (command.expectedVersion() != null && command.expectedVersion() != user.version()) {
				throw ProblemException
					.preconditionFailed("The user changed since you read it (ETag " + user.etag() + ")");
			}
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
			this.outbox.append(DomainEvent.of(EventTopics.IDENTITY, user.id(), "identity.user.updated",
					command.tenantId(), UserUpdated.newBuilder().setUser(proto(updated)).build()));
			return updated;
		});
	}

	public void delete(String tenantId, String actor, String userId, Integer expectedVersion) {
		this.tenants.run(tenantId, (status) -> {
			User user = this.users.find(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
			if (expectedVersion != null && expectedVersion != user.version()) {
				throw ProblemException
					.preconditionFailed("The user changed since you read it (ETag " + user.etag() + ")");
			}
			this.jdbc.update("DELETE FROM users WHERE id = ?", userId);
			this.audit.append(tenantId, actor, "user.deleted", userId, Map.of("email", user.email()));
			this.outbox.append(DomainEvent.of(EventTopics.IDENTITY, userId, "identity.user.deleted", tenantId,
					UserDeleted.newBuilder().setTenantId(tenantId).setUserId(userId).build()));
		});
	}

	private void requireRoles(List<String> roles) {
		Set<String> existing = Roles.existing(this.jdbc, roles);
		List<String> unknown = roles.stream().filter((role) -> !existing.contains(role)).toList();
		if (!unknown.isEmpty()) {
			throw ProblemException.invalid("Unknown roles: " + unknown,
					List.of(new FieldViolation("/roles", "unknown roles " + unknown)));
		}
	}

	static String normalizeEmail(String email, List<FieldViolation> violations) {
		if (email == null || email.length() > 320 || !EMAIL.matcher(email.strip()).matches()) {
			violations.add(new FieldViolation("/email", "must be an email address"));
			return null;
		}
		return email.strip().toLowerCase(Locale.ROOT);
	}

	private static void checkPassword(String password, List<FieldViolation> violations) {
		if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
			violations.add(new FieldViolation("/password",
					"must have between " + MIN_PASSWORD + " and " + MAX_PASSWORD + " characters"));
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
