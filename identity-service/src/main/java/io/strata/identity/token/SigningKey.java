package io.strata.identity.token;

import java.time.Instant;

import com.nimbusds.jose.jwk.JWK;

/**
 * A signing key and where it is in its life: {@code next} (published, not yet signing),
 * {@code current} (signs), {@code previous} (published until the tokens it signed have
 * expired), {@code retired}.
 *
 * @param jwk the key pair, private part included (decrypted); only the public key when
 * the configured key set cannot decrypt the private one ({@link #canSign()})
 */
public record SigningKey(String kid, String algorithm, String state, JWK jwk, Instant createdAt, Instant activatedAt,
		Instant demotedAt) {

	public static final String NEXT = "next";

	public static final String CURRENT = "current";

	public static final String PREVIOUS = "previous";

	public static final String RETIRED = "retired";

	/** Whether the private key was readable, so the key can sign. */
	public boolean canSign() {
		return this.jwk.isPrivate();
	}

}
