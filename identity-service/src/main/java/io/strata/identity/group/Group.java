package io.strata.identity.group;

import io.strata.platform.web.ETags;

import java.time.Instant;

/** A named set of a tenant's users. */
public record Group(String id, String tenantId, String name, String description, String externalId, int version,
		Instant createdAt, Instant updatedAt) {

	/** The entity tag of this version, for If-Match. */
	public String etag() {
		return ETags.of(this.version);
	}

}
