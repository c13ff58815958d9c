package io.strata.notification.endpoint;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import io.strata.platform.crypto.SecretBox;

import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets: 32 random bytes, shown to the caller once as {@code whsec_} +
 * base64 (the Standard Webhooks serialization), stored encrypted with the platform's
 * {@link SecretBox}. The associated data binds a ciphertext to its tenant and endpoint,
 * so a ciphertext copied onto another endpoint's row does not decrypt.
 */
@Component
public class WebhookSecrets {

	public static final String PREFIX = "whsec_";

	private static final int KEY_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final SecretBox box;

	public WebhookSecrets(SecretBox box) {
		this.box = box;
	}

	public byte[] newKey() {
		byte[] key = new byte[KEY_BYTES];
		this.random.nextBytes(key);
		return key;
	}

	public static String serialize(byte[] key) {
		return PREFIX + Base64.getEncoder().encodeToString(key);
	}

	public byte[] encrypt(String tenantId, String endpointId, byte[] key) {
		return this.box.encrypt(key, associatedData(tenantId, endpointId));
	}

	public byte[] decrypt(String tenantId, String endpointId, byte[] ciphertext) {
		return this.box.decrypt(ciphertext, associatedData(tenantId, endpointId));
	}

	private static byte[] associatedData(String tenantId, String endpointId) {
		return ("strata/webhook-endpoint/" + tenantId + "/" + endpointId).getBytes(StandardCharsets.UTF_8);
	}

}
