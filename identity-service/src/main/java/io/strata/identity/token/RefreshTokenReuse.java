package io.strata.identity.token;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.client.OAuthClients;
import io.strata.platform.crypto.Digests;
import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The authorization server's store, plus reuse detection for rotating refresh tokens (RFC
 * 9700 §4.14.2): when a refresh replaces an authorization's refresh token, the spent one
 * is remembered (hashed); when a spent token is presented again, it has leaked (the
 * attacker or the app refreshed first), so the whole authorization goes: its current
 * access and refresh tokens stop working, and the user signs in again. Spring's own store
 * only forgets the spent token.
 */
class RefreshTokenReuse implements OAuth2AuthorizationService {

	private static final Logger log = LoggerFactory.getLogger(RefreshTokenReuse.class);

	private final OAuth2AuthorizationService store;

	private final JdbcTemplate jdbc;

	private final RegisteredClientRepository clients;

	private final TenantScope tenants;

	private final AuditLog audit;

	RefreshTokenReuse(OAuth2AuthorizationService store, JdbcTemplate jdbc, RegisteredClientRepository clients,
			TenantScope tenants, AuditLog audit) {
		this.store = store;
		this.jdbc = jdbc;
		this.clients = clients;
		this.tenants = tenants;
		this.audit = audit;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2RefreshToken next = refreshToken(authorization);
		if (next != null) {
			OAuth2Authorization previous = this.store.findById(authorization.getId());
			OAuth2RefreshToken spent = (previous != null) ? refreshToken(previous) : null;
			if (spent != null && !spent.getTokenValue().equals(next.getTokenValue())) {
				this.jdbc.update("""
						INSERT INTO oauth2_spent_refresh_token (token_hash, authorization_id, expires_at)
						VALUES (?, ?, ?) ON CONFLICT DO NOTHING""", Digests.sha256Hex(spent.getTokenValue()),
						authorization.getId(), Timestamp.from(spent.getExpiresAt()));
			}
		}
		this.store.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.store.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.store.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		OAuth2Authorization found = this.store.findByToken(token, tokenType);
		if (found == null && token != null && (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType))) {
			List<String> reused = this.jdbc.queryForList(
					"SELECT authorization_id FROM oauth2_spent_refresh_token WHERE token_hash = ?", String.class,
					Digests.sha256Hex(token));
			if (!reused.isEmpty()) {
				revoke(reused.get(0));
			}
		}
		return found;
	}

	private void revoke(String authorizationId) {
		OAuth2Authorization family = this.store.findById(authorizationId);
		if (family == null) {
			return;
		}
		this.store.remove(family);
		RegisteredClient client = this.clients.findById(family.getRegisteredClientId());
		String tenantId = (client != null) ? client.getClientSettings().getSetting(OAuthClients.TENANT_SETTING) : null;
		log.warn("A spent refresh token of client {} was presented again: authorization {} revoked",
				(client != null) ? client.getClientId() : "?", authorizationId);
		if (tenantId != null) {
			this.tenants.run(tenantId, (status) -> this.audit.append(tenantId, family.getPrincipalName(),
					"token_family.revoked", authorizationId,
					Map.of("reason", "a spent refresh token was presented again", "client_id", client.getClientId())));
		}
	}

	private static OAuth2RefreshToken refreshToken(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> token = authorization.getRefreshToken();
		return (token != null) ? token.getToken() : null;
	}

}
