package io.strata.identity.account;

import java.util.List;
import java.util.Map;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.user.ManagingUsers;
import io.strata.identity.user.User;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The invitee accepts with the token and a password of their choice: the user is created
 * with the invited email and roles (password policy and all, through
 * {@link ManagingUsers}) and the invitation is spent, in one transaction. It does not
 * sign in: the invitee signs in through {@code /v2/auth/login}, so the tenant's MFA
 * policy applies from the first session exactly as for everyone else.
 */
@Component
class AcceptingInvitations {

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final ManagingUsers managingUsers;

	private final AuditLog audit;

	AcceptingInvitations(JdbcTemplate jdbc, TenantScope tenants, ManagingUsers managingUsers, AuditLog audit) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.managingUsers = managingUsers;
		this.audit = audit;
	}

	User accept(String token, String password) {
		String hash = OneTimeTokens.hash(token);
		String tenantId = OneTimeTokens.tenantOf(this.jdbc, "invitations", hash)
			.orElseThrow(AcceptingInvitations::invalid);
		return this.tenants.call(tenantId, (status) -> {
			List<Invitation> open = this.jdbc.query("""
					SELECT * FROM invitations
					WHERE token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()
					FOR UPDATE""", Invitation.ROWS, hash);
			if (open.isEmpty()) {
				throw invalid();
			}
			Invitation invitation = open.get(0);
			// joins this transaction: a refused password leaves the invitation usable
			User user = this.managingUsers.create(new ManagingUsers.CreateUser(tenantId, invitation.id(),
					invitation.email(), password, invitation.roles()));
			this.jdbc.update("UPDATE invitations SET accepted_at = now(), accepted_user_id = ? WHERE id = ?", user.id(),
					invitation.id());
			this.audit.append(tenantId, user.id(), "invitation.accepted", invitation.id(),
					Map.of("user_id", user.id(), "email", invitation.email()));
			return user;
		});
	}

	/**
	 * One answer for unknown, expired, revoked and spent tokens: the holder of a token
	 * learns nothing about other invitations, and the state of their own is for the admin
	 * who can list it. 410: the link is gone, retrying will not help.
	 */
	private static ProblemException invalid() {
		return new ProblemException(HttpStatus.GONE, "invalid-invitation", "Invitation not usable",
				"The invitation is unknown, expired, revoked or already accepted. Ask an administrator for a new one.");
	}

}
