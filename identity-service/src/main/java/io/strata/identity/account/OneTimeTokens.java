package io.strata.identity.account;

import java.util.Optional;

import io.strata.platform.crypto.Digests;
import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Invitation ({@code inv_}) and password-reset ({@code pwr_}) tokens: 256 random bits
 * behind a prefix that tells a leaked one apart in logs and secret scanners. Only the
 * SHA-256 hash is stored; the token itself is shown once.
 */
final class OneTimeTokens {

	static final String INVITATION = "inv_";

	static final String PASSWORD_RESET = "pwr_";

	private OneTimeTokens() {
	}

	static String newToken(String prefix) {
		return prefix + Ids.randomToken(32);
	}

	/** The stored hash of a presented token; a missing token hashes to nothing stored. */
	static String hash(String token) {
		return Digests.sha256Hex((token != null) ? token : "");
	}

	/**
	 * The tenant a token belongs to. A token names its tenant only through its row, so
	 * this lookup runs as the service; everything after it runs under the tenant's
	 * row-level security.
	 * @param table {@code invitations} or {@code password_reset_tokens}
	 */
	static Optional<String> tenantOf(JdbcTemplate jdbc, String table, String hash) {
		return jdbc.queryForList("SELECT tenant_id FROM " + table + " WHERE token_hash = ?", String.class, hash)
			.stream()
			.findFirst();
	}

}
