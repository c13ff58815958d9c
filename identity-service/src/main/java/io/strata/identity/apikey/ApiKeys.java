package io.strata.identity.apikey;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.role.Roles;
import io.strata.identity.user.Users;
import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * API keys: {@code sk_} followed by 256 random bits, shown once, stored as a SHA-256 hash
 * (a slow hash adds nothing to a secret that long, and the gateway resolves keys on every
 * request). Scoped like tokens, with the scopes the tenant's roles grant.
 */
@Component
public class ApiKeys {

	/** The recognisable prefix of every key (secret scanners can match it). */
	public static final String PREFIX = "sk_";

	static final RowMapper<ApiKey> ROWS = (rs, row) -> new ApiKey(rs.getString("id"), rs.getString("tenant_id"),
			rs.getString("name"), rs.getString("subject"), Users.strings(rs.getArray("scopes")),
			rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("expires_at")),
			instant(rs.getTimestamp("revoked_at")));

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final AuditLog audit;

	ApiKeys(JdbcTemplate jdbc, TenantScope tenants, AuditLog audit) {
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.audit = audit;
	}

	/**
	 * @param actorScopes the creator's own scopes: a key never grants more than its
	 * creator holds
	 */
	public record CreateApiKey(String tenantId, String actor, Set<String> actorScopes, String name, Set<String> scopes,
			Instant expiresAt) {

	}

	/** A new key with its secret, which is never shown again. */
	public record CreatedApiKey(ApiKey key, String secret) {

	}

	public CreatedApiKey create(CreateApiKey command) {
		if (command.name() == null || command.name().isBlank() || command.name().length() > 200) {
			throw ProblemException.invalid("The API key needs a name",
					List.of(new FieldViolation("/name", "must have between 1 and 200 characters")));
		}
		if (command.expiresAt() != null && !command.expiresAt().isAfter(Instant.now())) {
			throw ProblemException.invalid("The API key would already be expired",
					List.of(new FieldViolation("/expires_at", "must be in the future")));
		}
		String id = Ids.newId("key");
		String secret = PREFIX + Ids.randomToken(32);
		return this.tenants.call(command.tenantId(), (status) -> {
			Set<String> grantable = new HashSet<>(Roles.scopesOfTenant(this.jdbc));
			grantable.retainAll(command.actorScopes());
			List<String> unknown = command.scopes().stream().filter((scope) -> !grantable.contains(scope)).toList();
			if (!unknown.isEmpty()) {
				throw ProblemException.invalid("Scopes you cannot grant: " + unknown,
						List.of(new FieldViolation("/scopes", "unknown scopes " + unknown)));
			}
			this.jdbc.update("""
					INSERT INTO api_keys (id, tenant_id, name, secret_hash, subject, scopes, expires_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)""", id, command.tenantId(), command.name(), Digests.sha256Hex(secret),
					command.actor(), command.scopes().toArray(String[]::new),
					(command.expiresAt() != null) ? Timestamp.from(command.expiresAt()) : null);
			this.audit.append(command.tenantId(), command.actor(), "api_key.created", id,
					Map.of("name", command.name(), "scopes", List.copyOf(command.scopes())));
			return new CreatedApiKey(this.jdbc.queryForObject("SELECT * FROM api_keys WHERE id = ?", ROWS, id), secret);
		});
	}

	public List<ApiKey> list(String tenantId) {
		return this.tenants.call(tenantId,
				(status) -> this.jdbc.query("SELECT * FROM api_keys ORDER BY created_at DESC, id LIMIT 500", ROWS));
	}

	public void revoke(String tenantId, String actor, String id) {
		this.tenants.run(tenantId, (status) -> {
			int revoked = this.jdbc.update("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?",
					id);
			if (revoked == 0) {
				throw ProblemException.notFound("API key", id);
			}
			this.audit.append(tenantId, actor, "api_key.revoked", id, Map.of());
		});
	}

	/** The key's claims, if the secret names a usable key. */
	public Optional<ApiKey> resolve(String secret) {
		if (secret == null || !secret.startsWith(PREFIX)) {
			return Optional.empty();
		}
		String hash = Digests.sha256Hex(secret);
		// the key names its tenant only through its row: found as the service, then read
		// again under the tenant's row-level security
		List<String> tenant = this.jdbc.queryForList("SELECT tenant_id FROM api_keys WHERE secret_hash = ?",
				String.class, hash);
		if (tenant.isEmpty()) {
			return Optional.empty();
		}
		return this.tenants
			.call(tenant.get(0),
					(status) -> this.jdbc.query("SELECT * FROM api_keys WHERE secret_hash = ?", ROWS, hash))
			.stream()
			.filter((key) -> key.usableAt(Instant.now()))
			.findFirst();
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
