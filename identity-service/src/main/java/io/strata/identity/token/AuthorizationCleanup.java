package io.strata.identity.token;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The authorization server keeps a row per authorization code and refresh token, and per
 * revoked client_credentials token (see {@link ClientCredentialsAuthorizations}), for
 * introspection and revocation; once a token and its refresh token have expired nobody
 * can use or introspect it, so the row goes.
 */
@Component
class AuthorizationCleanup {

	private final JdbcTemplate jdbc;

	AuthorizationCleanup(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Scheduled(initialDelayString = "5m", fixedDelayString = "${strata.identity.tokens.cleanup-interval:15m}")
	void deleteExpired() {
		this.jdbc.update("""
				DELETE FROM oauth2_authorization
				WHERE coalesce(access_token_expires_at, 'epoch') < now() - interval '1 hour'
				  AND coalesce(refresh_token_expires_at, 'epoch') < now() - interval '1 hour'
				  AND coalesce(authorization_code_expires_at, 'epoch') < now() - interval '1 hour'""");
		this.jdbc.update("DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'");
	}

}
