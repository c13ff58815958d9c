package io.strata.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.strata.notification.endpoint.WebhookSecrets;

import org.springframework.stereotype.Component;

/**
 * The signing keys of the endpoints being delivered to, decrypted once and kept as
 * initialized HMAC-SHA256 instances, so that a delivery costs a clone and a hash instead
 * of an AES-GCM decryption and a key schedule per secret. Keyed by the ciphertexts the
 * claim returned: a rotated secret, an expired previous one or a re-encryption under a
 * new key-encryption key is another entry, and an unused entry leaves after
 * {@link #IDLE}. The plaintext keys stay in this instance's memory meanwhile, as they do
 * for each request anyway.
 */
@Component
class SigningKeys {

	static final Duration IDLE = Duration.ofMinutes(10);

	private final WebhookSecrets secrets;

	private final Cache<Ciphertexts, List<Mac>> keys = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(IDLE)
		.build();

	SigningKeys(WebhookSecrets secrets) {
		this.secrets = secrets;
	}

	/**
	 * Fresh HMAC instances for the delivery's secret and, while it overlaps, the previous
	 * one.
	 */
	List<Mac> of(ClaimedDelivery delivery) {
		Base64.Encoder base64 = Base64.getEncoder();
		Ciphertexts ciphertexts = new Ciphertexts(delivery.tenantId(), delivery.endpointId(),
				base64.encodeToString(delivery.secret()),
				(delivery.previousSecret() != null) ? base64.encodeToString(delivery.previousSecret()) : null);
		List<Mac> prototypes = this.keys.get(ciphertexts, (key) -> decrypt(delivery));
		List<Mac> fresh = new ArrayList<>(prototypes.size());
		for (Mac prototype : prototypes) {
			fresh.add(WebhookSignature.copy(prototype));
		}
		return fresh;
	}

	private List<Mac> decrypt(ClaimedDelivery delivery) {
		List<Mac> macs = new ArrayList<>(2);
		macs.add(WebhookSignature
			.mac(this.secrets.decrypt(delivery.tenantId(), delivery.endpointId(), delivery.secret())));
		if (delivery.previousSecret() != null) {
			macs.add(WebhookSignature
				.mac(this.secrets.decrypt(delivery.tenantId(), delivery.endpointId(), delivery.previousSecret())));
		}
		return List.copyOf(macs);
	}

	private record Ciphertexts(String tenantId, String endpointId, String secret, String previousSecret) {
	}

}
