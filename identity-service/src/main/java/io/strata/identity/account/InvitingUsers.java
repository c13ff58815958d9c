package io.strata.identity.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.user.EmailAddresses;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.Users;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;
import io.strata.proto.identity.v1.InvitationCreated;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A tenant admin invites someone by email with roles, lists the open invitations and
 * revokes one. The token is returned to the admin once and is not put on Kafka (see
 * {@link InvitationCreated}): there is no mail service yet, so the admin hands it over.
 * Inviting an address again supersedes its earlier open invitation.
 */
@Component
@EnableConfigurationProperties(AccountProperties.class)
public class InvitingUsers {

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final Users users;

	private final AuditLog audit;

	private final Outbox outbox;

	private final AccountProperties properties;

	private final ManagingUsers managingUsers;

	InvitingUsers(TenantScope tenants, JdbcTemplate jdbc, Users users, AuditLog audit, Outbox outbox,
			AccountProperties properties, ManagingUsers managingUsers) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.users = users;
		this.audit = audit;
		this.outbox = outbox;
		this.properties = properties;
		this.managingUsers = managingUsers;
	}

	public record Invite(String tenantId, String actor, String email, List<String> roles) {

	}

	/** The invitation and its token, which exists nowhere else. */
	public record Invited(Invitation invitation, String token) {

	}

	public Invited invite(Invite command) {
		List<FieldViolation> violations = new ArrayList<>();
		String email = EmailAddresses.normalize(command.email(), violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The invitation is not valid", violations);
		}
		List<String> roles = (command.roles() != null) ? List.copyOf(Set.copyOf(command.roles())) : List.of();
		String token = OneTimeTokens.newToken(OneTimeTokens.INVITATION);
		String id = Ids.newId("ivt");
		Instant expiresAt = Instant.now().plus(this.properties.invitationTtl()).truncatedTo(ChronoUnit.MICROS);
		try {
			return this.tenants.call(command.tenantId(), (status) -> {
				this.managingUsers.requireRoles(roles);
				if (this.users.findByEmail(email).isPresent()) {
					throw ProblemException.conflict("A user with this email already exists in the tenant");
				}
				this.managingUsers.requireNotConfusable(command.tenantId(), email);
				List<String> superseded = this.jdbc.queryForList("""
						UPDATE invitations SET revoked_at = now()
						WHERE email = ? AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id""", String.class,
						email);
				for (String old : superseded) {
					this.audit.append(command.tenantId(), command.actor(), "invitation.revoked", old,
							Map.of("reason", "superseded by " + id));
				}
				this.jdbc.update("""
						INSERT INTO invitations (id, tenant_id, email, roles, token_hash, invited_by, expires_at)
						VALUES (?, ?, ?, ?, ?, ?, ?)""", id, command.tenantId(), email, roles.toArray(String[]::new),
						OneTimeTokens.hash(token), command.actor(), Timestamp.from(expiresAt));
				Invitation invitation = this.jdbc.query("SELECT * FROM invitations WHERE id = ?", Invitation.ROWS, id)
					.get(0);
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("email", email);
				details.put("roles", roles);
				details.put("expires_at", expiresAt.toString());
				this.audit.append(command.tenantId(), command.actor(), "invitation.created", id, details);
				this.outbox.append(DomainEvent.of(id, command.tenantId(),
						InvitationCreated.newBuilder()
							.setTenantId(command.tenantId())
							.setInvitationId(id)
							.setEmail(email)
							.addAllRoles(roles)
							.setExpiresAt(com.google.protobuf.Timestamp.newBuilder()
								.setSeconds(expiresAt.getEpochSecond())
								.setNanos(expiresAt.getNano()))
							.build()));
				return new Invited(invitation, token);
			});
		}
		catch (DuplicateKeyException ex) {
			// a concurrent invitation of the same address won
			throw ProblemException.conflict("This email was invited concurrently; list the invitations");
		}
	}

	/**
	 * Open invitations (neither accepted, revoked nor expired) by id, after the given id.
	 */
	List<Invitation> pending(String tenantId, String afterId, int size) {
		return this.tenants.call(tenantId, (status) -> this.jdbc.query("""
				SELECT * FROM invitations
				WHERE id > ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
				ORDER BY id LIMIT ?""", Invitation.ROWS, (afterId != null) ? afterId : "", size));
	}

	/**
	 * Revokes an open invitation; revoking a revoked one again changes nothing. Another
	 * tenant's invitation is not found; an accepted one is a conflict (delete the user).
	 */
	void revoke(String tenantId, String actor, String id) {
		this.tenants.run(tenantId, (status) -> {
			List<Map<String, Object>> rows = this.jdbc
				.queryForList("SELECT accepted_at, revoked_at FROM invitations WHERE id = ? FOR UPDATE", id);
			if (rows.isEmpty()) {
				throw ProblemException.notFound("Invitation", id);
			}
			if (rows.get(0).get("accepted_at") != null) {
				throw ProblemException.conflict("The invitation was already accepted; delete the user instead");
			}
			if (rows.get(0).get("revoked_at") == null) {
				this.jdbc.update("UPDATE invitations SET revoked_at = now() WHERE id = ?", id);
				this.audit.append(tenantId, actor, "invitation.revoked", id, Map.of("reason", "revoked by an admin"));
			}
		});
	}

}
