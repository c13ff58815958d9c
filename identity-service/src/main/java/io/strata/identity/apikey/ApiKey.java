package io.strata.identity.apikey;

import java.time.Instant;
import java.util.List;

/** An API key's metadata; its secret is never stored, only a hash of it. */
public record ApiKey(String id, String tenantId, String name, String subject, List<String> scopes, Instant createdAt,
		Instant expiresAt, Instant revokedAt) {

	boolean usableAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now));
	}

}
