package io.strata.identity.token;

import java.time.Instant;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.config.IdentityProperties;
import io.strata.platform.tenant.TenantScope;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rotates signing keys: on a schedule (when the current key has signed for
 * {@code strata.identity.keys.rotation-interval}) and on demand. The next key is
 * published a whole interval before it signs, and a demoted key stays published until its
 * tokens have expired, so a verifier that caches the JWKS never meets an unknown key.
 */
@Component
public class KeyRotation {

	private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

	private final SigningKeyStore store;

	private final KeyRing ring;

	private final TransactionTemplate transactions;

	private final TenantScope tenants;

	private final AuditLog audit;

	private final IdentityProperties properties;

	KeyRotation(SigningKeyStore store, KeyRing ring, TransactionTemplate transactions, TenantScope tenants,
			AuditLog audit, IdentityProperties properties) {
		this.store = store;
		this.ring = ring;
		this.transactions = transactions;
		this.tenants = tenants;
		this.audit = audit;
		this.properties = properties;
	}

	/** Rotates now; the caller's tenant chain records who did it. */
	public SigningKey rotate(String tenantId, String actor, String reason) {
		SigningKey current = this.transactions.execute((status) -> {
			this.store.lock();
			return this.store.promoteNext(this.properties.keys().algorithm());
		});
		this.tenants.run(tenantId, (status) -> this.audit.append(tenantId, actor, "signing_key.rotated", current.kid(),
				Map.of("reason", reason, "algorithm", current.algorithm())));
		this.ring.reload();
		log.info("Signing key {} ({}) now signs: {}", current.kid(), current.algorithm(), reason);
		return current;
	}

	@Scheduled(initialDelayString = "${strata.identity.keys.check-interval:30s}",
			fixedDelayString = "${strata.identity.keys.check-interval:30s}")
	void rotateWhenDue() {
		SigningKey current = this.ring.current();
		Instant due = current.activatedAt().plus(this.properties.keys().rotationInterval());
		if (Instant.now().isAfter(due)) {
			boolean stillDue = Boolean.TRUE.equals(this.transactions.execute((status) -> {
				this.store.lock();
				// another instance may have rotated since this one loaded its keys
				return this.store.published(this.ring.grace())
					.stream()
					.anyMatch((key) -> key.kid().equals(current.kid()) && SigningKey.CURRENT.equals(key.state()));
			}));
			if (stillDue) {
				rotate(AuditLog.SYSTEM_TENANT, "system", "scheduled");
			}
		}
		this.transactions.executeWithoutResult((status) -> this.store.retire(this.ring.grace()));
		this.ring.reload();
	}

}
