package io.strata.identity.account;

import io.strata.identity.support.Hashes;
import io.strata.identity.support.Ids;

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
		return Hashes.sha256((token != null) ? token : "");
	}

}
