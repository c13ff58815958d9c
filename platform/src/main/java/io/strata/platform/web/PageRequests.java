package io.strata.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * The page parameters every list takes (ARCHITECTURE §3): {@code page_size} 1–500,
 * default 50, and an opaque {@code page_token} standing for the position after which the
 * next page starts. A token carries a checksum, so a token this platform did not issue is
 * answered 400 rather than read as some position that matches nothing (an empty 200) or
 * one holding characters a store refuses (a 500).
 */
public final class PageRequests {

	public static final int DEFAULT_SIZE = 50;

	public static final int MAX_SIZE = 500;

	private static final int CHECKSUM_BYTES = 4;

	private static final int MAX_TOKEN_LENGTH = 4096;

	private PageRequests() {
	}

	/** The validated {@code page_size}: default when absent, else 1 to 500. */
	public static int size(Integer requested) {
		if (requested == null) {
			return DEFAULT_SIZE;
		}
		if (requested < 1 || requested > MAX_SIZE) {
			throw ProblemException.invalid("page_size must be between 1 and " + MAX_SIZE + ".",
					List.of(new FieldViolation("/page_size", "must be between 1 and " + MAX_SIZE)));
		}
		return requested;
	}

	/** The token for the page after {@code position}. */
	public static String token(String position) {
		byte[] text = position.getBytes(StandardCharsets.UTF_8);
		byte[] token = Arrays.copyOf(text, text.length + CHECKSUM_BYTES);
		System.arraycopy(checksum(text), 0, token, text.length, CHECKSUM_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/**
	 * The position a {@code page_token} stands for; {@code null} for the first page (no
	 * or an empty token).
	 * @throws ProblemException (400) for a token this platform did not issue
	 */
	public static String position(String pageToken) {
		if (pageToken == null || pageToken.isEmpty()) {
			return null;
		}
		try {
			if (pageToken.length() > MAX_TOKEN_LENGTH) {
				throw invalidToken();
			}
			byte[] token = Base64.getUrlDecoder().decode(pageToken);
			if (token.length < CHECKSUM_BYTES) {
				throw invalidToken();
			}
			byte[] text = Arrays.copyOf(token, token.length - CHECKSUM_BYTES);
			if (!MessageDigest.isEqual(checksum(text),
					Arrays.copyOfRange(token, text.length, text.length + CHECKSUM_BYTES))) {
				throw invalidToken();
			}
			String position = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(text))
				.toString();
			if (position.indexOf('\0') >= 0) {
				throw invalidToken();
			}
			return position;
		}
		catch (IllegalArgumentException | CharacterCodingException ex) {
			throw invalidToken();
		}
	}

	/** A decoded position of a list keyed by a number; 400 when it holds none. */
	static Long numberPosition(String position) {
		try {
			return (position != null) ? Long.valueOf(position) : null;
		}
		catch (NumberFormatException ex) {
			throw invalidToken();
		}
	}

	private static byte[] checksum(byte[] text) {
		return Arrays.copyOf(Digests.sha256(text), CHECKSUM_BYTES);
	}

	private static ProblemException invalidToken() {
		return ProblemException.invalid("page_token is not a token this list returned.",
				List.of(new FieldViolation("/page_token", "is not a token this list returned")));
	}

}
