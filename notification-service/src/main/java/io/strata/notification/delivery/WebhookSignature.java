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
		byte[] content = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
		return keys.stream().map((key) -> "v1," + hmac(key, content)).collect(Collectors.joining(" "));
	}

	private static String hmac(byte[] key, byte[] content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(content));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

}
