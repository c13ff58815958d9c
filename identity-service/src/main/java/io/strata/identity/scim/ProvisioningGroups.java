package io.strata.identity.scim;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;

import io.strata.identity.group.Group;
import io.strata.identity.group.GroupMember;
import io.strata.identity.group.Groups;
import io.strata.identity.group.ManagingGroups;
import io.strata.platform.tenant.TenantScope;

import org.springframework.stereotype.Component;

/**
 * What an identity provider does to groups over SCIM, through {@link ManagingGroups}
 * (audited, in one tenant-scoped transaction). {@code displayName} is the group's name;
 * {@code members} are the tenant's user ids.
 */
@Component
class ProvisioningGroups {

	private final TenantScope tenants;

	private final Groups groups;

	private final ManagingGroups managing;

	ProvisioningGroups(TenantScope tenants, Groups groups, ManagingGroups managing) {
		this.tenants = tenants;
		this.groups = groups;
		this.managing = managing;
	}

	GroupResource get(String tenantId, String id, boolean withMembers) throws ScimException {
		return this.tenants
			.call(tenantId,
					(status) -> this.groups.find(id)
						.map((group) -> ScimResources.group(group,
								withMembers ? this.groups.membersOf(List.of(group.id())) : null)))
			.orElseThrow(() -> ProvisioningUsers.notFound(id));
	}

	/** Every group of the tenant (up to one more than {@link ScimQuery#MAX_SCAN}). */
	List<GroupResource> candidates(String tenantId, boolean withMembers) {
		return this.tenants.call(tenantId, (status) -> {
			List<Group> all = this.groups.all(ScimQuery.MAX_SCAN + 1);
			Map<String, List<GroupMember>> members = withMembers
					? this.groups.membersOf(all.stream().map(Group::id).toList())
						.stream()
						.collect(Collectors.groupingBy(GroupMember::groupId))
					: Map.of();
			return all.stream()
				.map((group) -> ScimResources.group(group,
						withMembers ? members.getOrDefault(group.id(), List.of()) : null))
				.toList();
		});
	}

	GroupResource create(String tenantId, String actor, GroupResource resource) throws ScimException {
		Group group = this.managing.create(new ManagingGroups.CreateGroup(tenantId, actor, requireName(resource), null,
				resource.getExternalId(), memberIds(resource)));
		return get(tenantId, group.id(), true);
	}

	/** Replaces name, externalId and the whole set of members. */
	GroupResource replace(String tenantId, String actor, String id, String ifMatch, GroupResource resource)
			throws ScimException {
		String name = requireName(resource);
		this.managing.update(new ManagingGroups.UpdateGroup(tenantId, actor, id, ifMatch, name, null,
				(resource.getExternalId() != null) ? resource.getExternalId() : "", memberIds(resource)));
		return get(tenantId, id, true);
	}

	void delete(String tenantId, String actor, String id, String ifMatch) {
		this.managing.delete(tenantId, actor, id, ifMatch);
	}

	private static String requireName(GroupResource resource) throws BadRequestException {
		if (resource.getDisplayName() == null || resource.getDisplayName().isBlank()) {
			throw BadRequestException.invalidValue("displayName is required");
		}
		return resource.getDisplayName();
	}

	private static Set<String> memberIds(GroupResource resource) throws BadRequestException {
		Set<String> ids = new LinkedHashSet<>();
		if (resource.getMembers() != null) {
			for (Member member : resource.getMembers()) {
				if (member.getValue() == null || member.getValue().isBlank()) {
					throw BadRequestException.invalidValue("Every member needs a value (a user id)");
				}
				ids.add(member.getValue());
			}
		}
		return ids;
	}

}
