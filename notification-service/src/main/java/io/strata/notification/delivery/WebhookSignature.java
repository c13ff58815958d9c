package io.strata.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks symmetric signature: {@code v1,} + base64 of HMAC-SHA256 over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, keyed with the secret's raw bytes (the
 * base64 part of {@code whsec_...}). Several keys (during a rotation) give several
 * signatures, space-delimited, and receivers accept any that verifies.
 */
public final class WebhookSignature {

	private WebhookSignature() {
	}

	public static String sign(String messageId, long timestampSeconds, String body, List<byte[]> keys) {
		return signWith(messageId, timestampSeconds, body, keys.stream().map(WebhookSignature::mac).toList());
	}

	/**
	 * Signs with HMAC-SHA256 instances initialized with the keys ({@link #mac}), used up.
	 */
	static String signWith(String messageId, long timestampSeconds, String body, List<Mac> macs) {
		byte[] content = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
		return macs.stream()
			.map((mac) -> "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content)))
			.collect(Collectors.joining(" "));
	}

	/** An HMAC-SHA256 instance initialized with the key. */
	static Mac mac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

	/** A copy of an initialized instance, ready to use (the original stays untouched). */
	static Mac copy(Mac prototype) {
		try {
			return (Mac) prototype.clone();
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HMAC-SHA256 instances of this provider cannot be copied", ex);
		}
	}

}
