package io.strata.identity.account;

import java.time.Instant;
import java.util.List;

import io.strata.identity.user.Users;

import org.springframework.jdbc.core.RowMapper;

/** An open invitation to join a tenant with the given roles. */
public record Invitation(String id, String tenantId, String email, List<String> roles, String invitedBy,
		Instant createdAt, Instant expiresAt) {

	static final RowMapper<Invitation> ROWS = (rs, row) -> new Invitation(rs.getString("id"), rs.getString("tenant_id"),
			rs.getString("email"), Users.strings(rs.getArray("roles")), rs.getString("invited_by"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant());

}
