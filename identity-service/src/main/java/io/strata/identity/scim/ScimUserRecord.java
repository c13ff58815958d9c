package io.strata.identity.scim;

import java.util.List;

import io.strata.identity.group.Membership;
import io.strata.identity.user.User;

/** A user as SCIM sees it: identity's user, the SCIM-only attributes, its groups. */
record ScimUserRecord(User user, String externalId, String displayName, String givenName, String familyName,
		String formatted, List<Membership> groups) {

}
