package io.strata.identity.group;

import java.time.Instant;

/** A user in a group. */
public record GroupMember(String groupId, String userId, String email, Instant addedAt) {

}
