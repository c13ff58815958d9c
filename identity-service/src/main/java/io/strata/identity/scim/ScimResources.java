package io.strata.identity.scim;

import java.net.URI;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.Group;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;

import io.strata.identity.group.GroupMember;
import io.strata.platform.web.ETags;

import org.springframework.http.ETag;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Identity's users and groups as the SCIM SDK's resources, and SCIM ETags. */
final class ScimResources {

	static final String USERS = "Users";

	static final String GROUPS = "Groups";

	private ScimResources() {
	}

	static UserResource user(ScimUserRecord record) {
		UserResource resource = new UserResource();
		resource.setId(record.user().id());
		resource.setExternalId(record.externalId());
		resource.setUserName(record.user().email());
		resource.setActive(!record.user().disabled());
		resource.setDisplayName(record.displayName());
		resource.setEmails(List.of(new Email().setValue(record.user().email()).setType("work").setPrimary(true)));
		if (record.givenName() != null || record.familyName() != null || record.formatted() != null) {
			resource.setName(new Name().setGivenName(record.givenName())
				.setFamilyName(record.familyName())
				.setFormatted(record.formatted()));
		}
		if (!record.groups().isEmpty()) {
			resource.setGroups(record.groups()
				.stream()
				.map((membership) -> new Group().setValue(membership.groupId())
					.setDisplay(membership.groupName())
					.setRef(location(GROUPS, membership.groupId()))
					.setType("direct"))
				.toList());
		}
		resource.setMeta(meta("User", USERS, record.user().id(), record.user().createdAt(), record.user().updatedAt(),
				record.user().version()));
		return resource;
	}

	static GroupResource group(io.strata.identity.group.Group group, List<GroupMember> members) {
		GroupResource resource = new GroupResource();
		resource.setId(group.id());
		resource.setExternalId(group.externalId());
		resource.setDisplayName(group.name());
		if (members != null) {
			resource.setMembers(members.stream()
				.map((member) -> new Member().setValue(member.userId())
					.setDisplay(member.email())
					.setType("User")
					.setRef(location(USERS, member.userId())))
				.toList());
		}
		resource.setMeta(meta("Group", GROUPS, group.id(), group.createdAt(), group.updatedAt(), group.version()));
		return resource;
	}

	static URI location(String endpoint, String id) {
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/scim/v2/{endpoint}/{id}")
			.buildAndExpand(endpoint, id)
			.toUri();
	}

	/**
	 * Weak ({@link ETags#weak}): the representation may differ (attributes,
	 * excludedAttributes).
	 */
	static String etag(int version) {
		return ETags.weak(version);
	}

	/** The version a resource's {@code meta.version} (an ETag of {@link #etag}) names. */
	static int version(Meta meta) {
		return Integer.parseInt(ETag.create(meta.getVersion()).tag());
	}

	private static Meta meta(String resourceType, String endpoint, String id, Instant created, Instant modified,
			int version) {
		Meta meta = new Meta();
		meta.setResourceType(resourceType);
		meta.setCreated(calendar(created));
		meta.setLastModified(calendar(modified));
		meta.setVersion(etag(version));
		meta.setLocation(location(endpoint, id));
		return meta;
	}

	private static Calendar calendar(Instant instant) {
		Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
		calendar.setTimeInMillis(instant.toEpochMilli());
		return calendar;
	}

}
