package io.strata.identity.group;

/** That a user belongs to a group (the group side of {@link GroupMember}). */
public record Membership(String userId, String groupId, String groupName) {

}
