package io.strata.identity.audit;

import java.time.Instant;
import java.util.UUID;

import io.strata.platform.crypto.Digests;

/**
 * One link of a tenant's audit chain.
 *
 * @param details the event's details as the JSON text that was hashed
 * @param prevHash the hash of the entry before it (64 zeros for the first)
 * @param hash SHA-256 over {@code prevHash} and every other field
 */
public record AuditEntry(String tenantId, long seq, UUID id, Instant occurredAt, String actor, String action,
		String target, String details, String prevHash, String hash) {

	static final String GENESIS = "0".repeat(64);

	String computeHash() {
		return Digests.sha256Hex(String.join("\n", this.prevHash, this.tenantId, Long.toString(this.seq),
				this.id.toString(), this.occurredAt.toString(), this.actor, this.action, this.target, this.details));
	}

}
