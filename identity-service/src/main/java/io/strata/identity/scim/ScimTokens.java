package io.strata.identity.scim;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.strata.identity.audit.AuditLog;
import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * SCIM tokens: {@code scim_} followed by 256 random bits, shown once, stored as a SHA-256
 * hash (as API keys are: a slow hash adds nothing to a secret that long, and every SCIM
 * request resolves one). A token provisions exactly one tenant.
 */
@Component
public class ScimTokens {

	/** The recognisable prefix of every token (secret scanners can match it). */
	public static final String PREFIX = "scim_";

	static final RowMapper<ScimToken> ROWS = (rs, row) -> new ScimToken(rs.getString("id"), rs.getString("tenant_id"),
			rs.getString("name"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
			instant(rs.getTimestamp("revoked_at")));

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final AuditLog audit;

	ScimTokens(JdbcTemplate jdbc, TenantScope tenants, AuditLog audit) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.audit = audit;
	}

	/** A new token with its secret, which is never shown again. */
	public record CreatedScimToken(ScimToken token, String secret) {

	}

	public CreatedScimToken create(String tenantId, String actor, String name) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw ProblemException.invalid("The SCIM token needs a name",
					List.of(new FieldViolation("/name", "must have between 1 and 200 characters")));
		}
		String id = Ids.newId("sct");
		String secret = PREFIX + Ids.randomToken(32);
		return this.tenants.call(tenantId, (status) -> {
			this.jdbc.update(
					"INSERT INTO scim_tokens (id, tenant_id, name, token_hash, created_by) VALUES (?, ?, ?, ?, ?)", id,
					tenantId, name, Digests.sha256Hex(secret), actor);
			this.audit.append(tenantId, actor, "scim_token.created", id, Map.of("name", name));
			return new CreatedScimToken(this.jdbc.queryForObject("SELECT * FROM scim_tokens WHERE id = ?", ROWS, id),
					secret);
		});
	}

	public List<ScimToken> list(String tenantId) {
		return this.tenants.call(tenantId,
				(status) -> this.jdbc.query("SELECT * FROM scim_tokens ORDER BY created_at DESC, id LIMIT 500", ROWS));
	}

	public void revoke(String tenantId, String actor, String id) {
		this.tenants.run(tenantId, (status) -> {
			int revoked = this.jdbc
				.update("UPDATE scim_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?", id);
			if (revoked == 0) {
				throw ProblemException.notFound("SCIM token", id);
			}
			this.audit.append(tenantId, actor, "scim_token.revoked", id, Map.of());
		});
	}

	/** The token the secret names, if it is not revoked. */
	public Optional<ScimToken> resolve(String secret) {
		if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
			return Optional.empty();
		}
		String hash = Digests.sha256Hex(secret);
		// the token names its tenant only through its row: found as the service, then
		// read again under the tenant's row-level security
		List<String> tenant = this.jdbc.queryForList("SELECT tenant_id FROM scim_tokens WHERE token_hash = ?",
				String.class, hash);
		if (tenant.isEmpty()) {
			return Optional.empty();
		}
		return this.tenants
			.call(tenant.get(0),
					(status) -> this.jdbc.query("SELECT * FROM scim_tokens WHERE token_hash = ?", ROWS, hash))
			.stream()
			.filter((token) -> token.revokedAt() == null)
			.findFirst();
	}

	private static java.time.Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
