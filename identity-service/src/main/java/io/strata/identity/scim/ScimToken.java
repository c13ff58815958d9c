package io.strata.identity.scim;

import java.time.Instant;

/** A bearer token an identity provider provisions one tenant with. */
public record ScimToken(String id, String tenantId, String name, String createdBy, Instant createdAt,
		Instant revokedAt) {

}
