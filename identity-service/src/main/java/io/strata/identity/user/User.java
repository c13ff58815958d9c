package io.strata.identity.user;

import io.strata.platform.web.ETags;

import java.time.Instant;
import java.util.List;

/** A user of a tenant; the password hash never leaves the service. */
public record User(String id, String tenantId, String email, List<String> roles, boolean disabled, int version,
		Instant createdAt, Instant updatedAt) {

	/** The entity tag of this version, for If-Match. */
	public String etag() {
		return ETags.of(this.version);
	}

}
