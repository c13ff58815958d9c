package io.strata.identity.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.config.IdentityProperties;
import io.strata.identity.role.Roles;
import io.strata.identity.tenant.Tenants;
import io.strata.identity.token.AccessTokens;
import io.strata.identity.user.User;
import io.strata.identity.user.Users;
import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * First-party sessions: an access token plus a refresh token from a family. Every refresh
 * spends the token and hands out the next one of the family; presenting a spent token
 * means it leaked, so the whole family is revoked.
 */
@Component
class Sessions {

	/** The {@code azp} of tokens issued by the first-party sign-in API. */
	static final String FIRST_PARTY = AccessTokens.FIRST_PARTY;

	private final JdbcTemplate jdbc;

	private final TenantScope tenants;

	private final Users users;

	private final AccessTokens accessTokens;

	private final AuditLog audit;

	private final IdentityProperties properties;

	private final Tenants tenantRecords;

	Sessions(JdbcTemplate jdbc, TenantScope tenants, Users users, AccessTokens accessTokens, AuditLog audit,
			IdentityProperties properties, Tenants tenantRecords) {
		this.tenantRecords = tenantRecords;
		this.jdbc = jdbc;
		this.tenants = tenants;
		this.users = users;
		this.accessTokens = accessTokens;
		this.audit = audit;
		this.properties = properties;
	}

	/** Starts a new family; runs inside the user's tenant scope. */
	TokenResponse start(User user) {
		UUID family = UUID.randomUUID();
		this.jdbc.update("INSERT INTO refresh_token_families (id, tenant_id, user_id) VALUES (?, ?, ?)", family,
				user.tenantId(), user.id());
		return tokens(user, family);
	}

	TokenResponse refresh(String refreshToken) {
		String hash = Digests.sha256Hex((refreshToken != null) ? refreshToken : "");
		// the token names its tenant only through its row: look that up first, as the
		// service, then do everything else under the tenant's row-level security
		List<String> tenant = this.jdbc.queryForList("SELECT tenant_id FROM refresh_tokens WHERE token_hash = ?",
				String.class, hash);
		if (tenant.isEmpty()) {
			throw invalid();
		}
		String tenantId = tenant.get(0);
		Outcome outcome = this.tenants.call(tenantId, (status) -> {
			List<Map<String, Object>> rows = this.jdbc.queryForList("""
					SELECT t.family_id, t.used_at, t.expires_at, f.revoked_at, f.user_id
					FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
					WHERE t.token_hash = ? FOR UPDATE OF t, f""", hash);
			if (rows.isEmpty()) {
				return new Outcome(null);
			}
			Map<String, Object> row = rows.get(0);
			UUID family = (UUID) row.get("family_id");
			String userId = (String) row.get("user_id");
			if (row.get("revoked_at") != null) {
				return new Outcome(null);
			}
			if (row.get("used_at") != null) {
				this.jdbc.update("UPDATE refresh_token_families SET revoked_at = now(), revoked_reason = 'reuse'"
						+ " WHERE id = ?", family);
				this.audit.append(tenantId, userId, "token_family.revoked", family.toString(),
						Map.of("reason", "a spent refresh token was presented again"));
				return new Outcome(null);
			}
			if (((Timestamp) row.get("expires_at")).toInstant().isBefore(Instant.now())) {
				return new Outcome(null);
			}
			User user = this.users.find(userId).filter((found) -> !found.disabled()).orElse(null);
			if (user == null) {
				return new Outcome(null);
			}
			this.jdbc.update("UPDATE refresh_tokens SET used_at = now() WHERE token_hash = ?", hash);
			return new Outcome(tokens(user, family));
		});
		if (outcome.tokens() == null) {
			throw invalid();
		}
		return outcome.tokens();
	}

	/** Ends the session the refresh token belongs to. */
	void revoke(String refreshToken, String reason) {
		String hash = Digests.sha256Hex((refreshToken != null) ? refreshToken : "");
		List<String> tenant = this.jdbc.queryForList("SELECT tenant_id FROM refresh_tokens WHERE token_hash = ?",
				String.class, hash);
		if (tenant.isEmpty()) {
			return;
		}
		this.tenants.run(tenant.get(0), (status) -> {
			UUID family = this.jdbc.queryForObject("SELECT family_id FROM refresh_tokens WHERE token_hash = ?",
					UUID.class, hash);
			String userId = this.jdbc.queryForObject(
					"UPDATE refresh_token_families SET revoked_at = coalesce(revoked_at, now()),"
							+ " revoked_reason = coalesce(revoked_reason, ?) WHERE id = ? RETURNING user_id",
					String.class, reason, family);
			this.audit.append(tenant.get(0), userId, "token_family.revoked", family.toString(),
					Map.of("reason", reason));
		});
	}

	/**
	 * Every sign-in and refresh ends here: a suspended or deleted tenant gets a 403
	 * {@code tenant-suspended} problem instead of tokens.
	 */
	private TokenResponse tokens(User user, UUID family) {
		this.tenantRecords.requireActive(user.tenantId());
		String refreshToken = "rt_" + Ids.randomToken(32);
		Instant now = Instant.now();
		this.jdbc.update("""
				INSERT INTO refresh_tokens (token_hash, tenant_id, family_id, issued_at, expires_at)
				VALUES (?, ?, ?, ?, ?)""", Digests.sha256Hex(refreshToken), user.tenantId(), family,
				Timestamp.from(now), Timestamp.from(now.plus(this.properties.tokens().refreshTokenTtl())));
		String accessToken = this.accessTokens
			.issue(user.id(), user.tenantId(), Roles.scopesOf(this.jdbc, user.roles()), user.roles(), FIRST_PARTY,
					// names the session, so introspection can tell a signed-out session's
					// tokens
					Map.of(AccessTokens.SESSION, family.toString()))
			.getTokenValue();
		return new TokenResponse(accessToken, "Bearer", this.properties.tokens().accessTokenTtl().toSeconds(),
				refreshToken);
	}

	private static ProblemException invalid() {
		return new ProblemException(HttpStatus.UNAUTHORIZED, "invalid-grant", "Invalid refresh token",
				"The refresh token is unknown, expired, spent or revoked. Sign in again.");
	}

	private record Outcome(TokenResponse tokens) {

	}

}
