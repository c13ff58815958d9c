package io.strata.identity.token;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.crypto.SecretBox;
import io.strata.platform.web.Ids;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Signing keys in PostgreSQL, private keys encrypted with the platform's
 * {@link SecretBox} (Tink AES-256-GCM) and bound to their key id, so a ciphertext moved
 * to another row does not decrypt. Platform-wide, not tenant data: only the service's
 * login role reaches the table.
 */
@Component
class SigningKeyStore {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

	private final JdbcTemplate jdbc;

	private final SecretBox secrets;

	SigningKeyStore(JdbcTemplate jdbc, SecretBox secrets) {
		this.jdbc = jdbc;
		this.secrets = secrets;
	}

	/** Serialises key changes across instances; ends with the transaction. */
	void lock() {
		this.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended('signing-keys', 0))", Object.class);
	}

	SigningKey create(String algorithm, String state, Instant activatedAt) {
		JWK jwk = generate(algorithm);
		// the canonical name (RS256, ES256, EdDSA), whatever the configuration's spelling
		algorithm = jwk.getAlgorithm().getName();
		byte[] encrypted = this.secrets.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8),
				associatedData(jwk.getKeyID()));
		Instant now = Instant.now();
		this.jdbc.update("""
				INSERT INTO signing_keys (kid, algorithm, state, public_jwk, private_key, created_at, activated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""", jwk.getKeyID(), algorithm, state, jwk.toPublicJWK().toJSONString(),
				encrypted, Timestamp.from(now), (activatedAt != null) ? Timestamp.from(activatedAt) : null);
		return new SigningKey(jwk.getKeyID(), algorithm, state, jwk, now, activatedAt, null);
	}

	/** The keys a JWKS publishes: next, current, and previous keys still within grace. */
	List<SigningKey> published(Duration grace) {
		return this.jdbc.query("""
				SELECT * FROM signing_keys
				WHERE state IN ('next', 'current') OR (state = 'previous' AND demoted_at > ?)
				ORDER BY created_at DESC""", this.rows, Timestamp.from(Instant.now().minus(grace)));
	}

	List<SigningKey> all() {
		return this.jdbc.query("SELECT * FROM signing_keys ORDER BY created_at DESC", this.rows);
	}

	/** next becomes current, current becomes previous, and a fresh next is created. */
	SigningKey promoteNext(String algorithm) {
		Instant now = Instant.now();
		this.jdbc.update("UPDATE signing_keys SET state = 'previous', demoted_at = ? WHERE state = 'current'",
				Timestamp.from(now));
		int promoted = this.jdbc.update(
				"UPDATE signing_keys SET state = 'current', activated_at = ? WHERE state = 'next'",
				Timestamp.from(now));
		if (promoted == 0) {
			create(algorithm, SigningKey.CURRENT, now);
		}
		create(algorithm, SigningKey.NEXT, null);
		return this.jdbc.query("SELECT * FROM signing_keys WHERE state = 'current'", this.rows).get(0);
	}

	/** Previous keys whose tokens have all expired leave the JWKS. */
	int retire(Duration grace) {
		return this.jdbc.update(
				"UPDATE signing_keys SET state = 'retired' WHERE state = 'previous' AND demoted_at <= ?",
				Timestamp.from(Instant.now().minus(grace)));
	}

	private final RowMapper<SigningKey> rows = (rs, row) -> {
		String kid = rs.getString("kid");
		Timestamp activated = rs.getTimestamp("activated_at");
		Timestamp demoted = rs.getTimestamp("demoted_at");
		return new SigningKey(kid, rs.getString("algorithm"), rs.getString("state"),
				decrypt(kid, rs.getBytes("private_key"), rs.getString("public_jwk")),
				rs.getTimestamp("created_at").toInstant(), (activated != null) ? activated.toInstant() : null,
				(demoted != null) ? demoted.toInstant() : null);
	};

	/**
	 * The key pair; only the public key when the configured key set cannot decrypt the
	 * private one (another key set than the one it was created under, or a tampered row),
	 * so that the key still verifies what it signed while the operator restores the key
	 * set.
	 */
	private JWK decrypt(String kid, byte[] encrypted, String publicJwk) {
		try {
			byte[] plain;
			try {
				plain = this.secrets.decrypt(encrypted, associatedData(kid));
			}
			catch (IllegalStateException ex) {
				log.error("Signing key {} cannot be decrypted with the configured key set (STRATA_CRYPTO_KEYSET): "
						+ "it was created under another one, or its row was changed", kid);
				return JWK.parse(publicJwk);
			}
			return JWK.parse(new String(plain, StandardCharsets.UTF_8));
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Signing key " + kid + " is not a JWK", ex);
		}
	}

	private static byte[] associatedData(String kid) {
		return ("signing-key:" + kid).getBytes(StandardCharsets.UTF_8);
	}

	static JWK generate(String algorithm) {
		String kid = Ids.newId("key");
		try {
			return switch (algorithm.toUpperCase(Locale.ROOT)) {
				case "RS256" -> new RSAKeyGenerator(2048).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.generate();
				case "ES256" -> new ECKeyGenerator(Curve.P_256).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.ES256)
					.generate();
				// Ed25519 (RFC 8037); Nimbus signs and verifies it through Tink
				case "EDDSA",
						"ED25519" ->
					new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid)
						.keyUse(KeyUse.SIGNATURE)
						.algorithm(JWSAlgorithm.EdDSA)
						.generate();
				default -> throw new IllegalArgumentException(
						"strata.identity.keys.algorithm must be RS256, ES256 or EdDSA, not " + algorithm);
			};
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
		}
	}

}
