package io.strata.identity.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HOTP (RFC 4226) and TOTP (RFC 6238) with HMAC-SHA1, 6 digits, 30 s steps: what every
 * authenticator app reads from an {@code otpauth://} URI. Written here on
 * {@code javax.crypto} because none of the libraries pinned in the build offers it and
 * the computation is a dozen lines fixed by the RFCs (checked against their test vectors
 * in {@code TotpTests}); a library would bring its own clock, replay and secret handling,
 * which this service does itself (replay state in PostgreSQL, seeds in the SecretBox).
 */
final class Totp {

	static final Duration STEP = Duration.ofSeconds(30);

	static final int DIGITS = 6;

	/** Steps either side of now that are still accepted (clock drift). */
	static final int WINDOW = 1;

	private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

	private Totp() {
	}

	static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), STEP.toSeconds());
	}

	/** The HOTP value of a counter, as {@code digits} decimal digits. */
	static String hotp(byte[] key, long counter, int digits) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(key, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			String code = Integer.toString(binary % POWERS[digits]);
			return "0".repeat(digits - code.length()) + code;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is not available", ex);
		}
	}

	static String code(byte[] key, long step) {
		return hotp(key, step, DIGITS);
	}

	/**
	 * The step within ±{@link #WINDOW} of {@code now} whose code this is, if any, and
	 * only if it is after {@code lastUsedStep}: a code is accepted once, and never one
	 * older than the last accepted. Every candidate is compared in constant time.
	 */
	static OptionalLong match(byte[] key, String code, Instant now, long lastUsedStep) {
		if (code == null || code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
			return OptionalLong.empty();
		}
		long current = step(now);
		OptionalLong matched = OptionalLong.empty();
		for (long step = current - WINDOW; step <= current + WINDOW; step++) {
			boolean equal = MessageDigest.isEqual(code(key, step).getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII));
			if (equal && step > lastUsedStep && matched.isEmpty()) {
				matched = OptionalLong.of(step);
			}
		}
		return matched;
	}

}
