package io.strata.notification.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification of a Standard Webhooks request, written from the
 * specification and independent of the service's signing code: the key is the base64 part
 * of {@code whsec_...}; the signed content is {@code id.timestamp.body}; any {@code v1,}
 * signature of the space-delimited list may match; the timestamp must be within five
 * minutes.
 */
public final class WebhookVerifier {

	private WebhookVerifier() {
	}

	public static boolean verify(List<String> secrets, String id, String timestamp, String body,
			String signatureHeader) {
		if (id == null || timestamp == null || signatureHeader == null) {
			return false;
		}
		long now = Instant.now().getEpochSecond();
		if (Math.abs(now - Long.parseLong(timestamp)) > 300) {
			return false;
		}
		for (String secret : secrets) {
			byte[] expected = hmac(secret, id + "." + timestamp + "." + body);
			for (String signature : signatureHeader.split(" ")) {
				String[] parts = signature.split(",", 2);
				if (parts.length == 2 && parts[0].equals("v1")
						&& MessageDigest.isEqual(expected, Base64.getDecoder().decode(parts[1]))) {
					return true;
				}
			}
		}
		return false;
	}

	private static byte[] hmac(String secret, String content) {
		try {
			byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
