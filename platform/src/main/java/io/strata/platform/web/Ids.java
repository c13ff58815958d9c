package io.strata.platform.web;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import com.github.f4b6a3.ulid.UlidCreator;

/**
 * Every id the platform makes: {@code <kind>_<ULID>}, such as
 * {@code usr_01jf3k8x9vq2w7e5r4t6y8u0pa}. The kind (a short lower-case word: {@code usr},
 * {@code ep}, {@code res}) says what the id names; the ULID is 128 bits, a millisecond
 * timestamp then 80 random bits, in lower-case Crockford base32 (26 characters of
 * {@code 0-9a-z}). So an id sorts by creation time under any collation (lists ordered by
 * id page in creation order, and ids made in one JVM in the same millisecond still
 * increase), never holds a full stop (Standard Webhooks' delimiter) and needs no escaping
 * in a URL. Ids are opaque to callers: ids made before this rule (UUIDs, identity's
 * base64url ids, notification's base36 ids) stay valid wherever they are stored.
 */
public final class Ids {

	private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9]{0,7}");

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	/**
	 * A new id of this kind.
	 * @param kind a lower-case word of one to eight letters or digits, starting with a
	 * letter
	 */
	public static String newId(String kind) {
		if (kind == null || !KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("An id's kind is 1-8 lower-case letters or digits: " + kind);
		}
		return kind + "_" + UlidCreator.getMonotonicUlid().toLowerCase();
	}

	/**
	 * {@code bytes} random bytes (a secret, a one-time token), base64url without padding.
	 */
	public static String randomToken(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

}
