package io.strata.identity.client;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * How OAuth client secrets are hashed: HMAC-SHA-256 keyed with a server-side
 * {@link SecretPepper}, stored as {@code {hmac-sha256}<base64>}. A generated client
 * secret carries 256 random bits: no guess ever finds one, so a slow hash (Argon2id, what
 * people's passwords keep) adds nothing but its cost, paid on every token request. The
 * pepper keeps a stolen database from testing guesses at all.
 * <p>
 * Secrets stored before as {@code {argon2}} keep working: the authorization server checks
 * them with Argon2id and, on that successful use, stores them again with the current
 * encoding ({@link PasswordEncoder#upgradeEncoding}).
 * <p>
 * Not a {@link PasswordEncoder} bean: the authorization server would take it for people's
 * passwords too. It is handed to the client-secret authentication provider directly.
 */
@Component
public class ClientSecrets {

	static final String HMAC = "hmac-sha256";

	private final PasswordEncoder encoder;

	ClientSecrets(SecretPepper pepper) {
		this.encoder = new DelegatingPasswordEncoder(HMAC, Map.of(HMAC, new PepperedHmac(pepper), "argon2",
				Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
	}

	public PasswordEncoder encoder() {
		return this.encoder;
	}

	/** HMAC-SHA-256 under the pepper, compared in constant time. */
	private static final class PepperedHmac implements PasswordEncoder {

		private final SecretPepper pepper;

		PepperedHmac(SecretPepper pepper) {
			this.pepper = pepper;
		}

		@Override
		public String encode(CharSequence rawPassword) {
			try {
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(this.pepper.bytes(), "HmacSHA256"));
				return Base64.getEncoder()
					.encodeToString(mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException | InvalidKeyException ex) {
				throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", ex);
			}
		}

		@Override
		public boolean matches(CharSequence rawPassword, String encodedPassword) {
			if (rawPassword == null || encodedPassword == null) {
				return false;
			}
			return MessageDigest.isEqual(encode(rawPassword).getBytes(StandardCharsets.US_ASCII),
					encodedPassword.getBytes(StandardCharsets.US_ASCII));
		}

	}

}
