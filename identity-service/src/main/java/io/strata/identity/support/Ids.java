package io.strata.identity.support;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque ids and secrets. */
public final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	/**
	 * An opaque id such as {@code usr_3kQ9...}: a prefix that says what it is, 128 random
	 * bits.
	 */
	public static String newId(String prefix) {
		return prefix + "_" + randomToken(16);
	}

	/** {@code bytes} random bytes, base64url without padding. */
	public static String randomToken(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
