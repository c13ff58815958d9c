package io.strata.identity.token;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code signingKeys}: down while the current signing key cannot be decrypted with the
 * configured key set, when no token can be issued (part of readiness).
 */
@Component("signingKeys")
class SigningKeysHealthIndicator implements HealthIndicator {

	private final KeyRing keys;

	SigningKeysHealthIndicator(KeyRing keys) {
		this.keys = keys;
	}

	@Override
	public Health health() {
		return this.keys.canSign() ? Health.up().build()
				: Health.down()
					.withDetail("reason",
							"the current signing key cannot be decrypted with the configured key set "
									+ "(strata.crypto.keyset)")
					.build();
	}

}
