package io.strata.platform.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the one digest the platform uses: of high-entropy random secrets (refresh
 * tokens, API keys, recovery codes: a slow password hash adds nothing there, and lookups
 * by hash stay indexable), of request fingerprints and of page-token checksums.
 */
public final class Digests {

	private Digests() {
	}

	public static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** Lower-case hex of the SHA-256 of the value's UTF-8 bytes. */
	public static String sha256Hex(String value) {
		return sha256Hex(value.getBytes(StandardCharsets.UTF_8));
	}

	public static String sha256Hex(byte[] value) {
		return HexFormat.of().formatHex(sha256(value));
	}

}
