package io.strata.identity.client;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import io.strata.platform.crypto.SecretBox;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The server-side pepper of client-secret hashes: 32 random bytes created by the first
 * instance that needs them, stored encrypted with the platform's {@link SecretBox} (bound
 * to the pepper's name), read once per instance. The database alone holds only its
 * ciphertext, so a stolen copy of the database cannot test guessed secrets.
 */
@Component
class SecretPepper {

	static final String CLIENT_SECRETS = "client-secrets";

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	private volatile byte[] pepper;

	SecretPepper(JdbcTemplate jdbc, SecretBox secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	byte[] bytes() {
		byte[] value = this.pepper;
		if (value == null) {
			synchronized (this) {
				if (this.pepper == null) {
					this.pepper = load();
				}
				value = this.pepper;
			}
		}
		return value;
	}

	private byte[] load() {
		byte[] fresh = new byte[32];
		new SecureRandom().nextBytes(fresh);
		// the first instance's pepper wins; every other one reads it
		this.jdbc.update("INSERT INTO secret_peppers (name, pepper) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
				CLIENT_SECRETS, this.secrets.encrypt(fresh, associatedData()));
		List<byte[]> stored = this.jdbc.queryForList("SELECT pepper FROM secret_peppers WHERE name = ?", byte[].class,
				CLIENT_SECRETS);
		try {
			return this.secrets.decrypt(stored.get(0), associatedData());
		}
		catch (IllegalStateException ex) {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "secret-pepper-unreadable",
					"Secret pepper unreadable",
					"The identity service cannot decrypt its client-secret pepper with the key set it was given; "
							+ "clients cannot authenticate until an operator restores the key set.");
		}
	}

	private static byte[] associatedData() {
		return ("secret-pepper:" + CLIENT_SECRETS).getBytes(StandardCharsets.UTF_8);
	}

}
