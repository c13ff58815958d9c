package io.strata.identity.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.audit.AuditLog;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;
import io.strata.platform.web.Ids;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates, changes and deletes a tenant's groups and their members. Each change commits
 * with its audit entry in one tenant-scoped transaction; a change of members is a change
 * of the group (its version moves, so a stale If-Match fails).
 */
@Component
public class ManagingGroups {

	static final int MAX_NAME = 200;

	static final int MAX_DESCRIPTION = 1000;

	/** More members than this in one request is a mistake or an attack. */
	static final int MAX_MEMBERS_PER_CHANGE = 10_000;

	private final TenantScope tenants;

	private final Groups groups;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	ManagingGroups(TenantScope tenants, Groups groups, JdbcTemplate jdbc, AuditLog audit) {
		this.tenants = tenants;
		this.groups = groups;
		this.jdbc = jdbc;
		this.audit = audit;
	}

	/**
	 * @param members user ids, or null for none
	 */
	public record CreateGroup(String tenantId, String actor, String name, String description, String externalId,
			Set<String> members) {

	}

	/**
	 * Only the fields that are not null change; {@code members}, when given, is the whole
	 * new set of members.
	 */
	public record UpdateGroup(String tenantId, String actor, String groupId, String ifMatch, String name,
			String description, String externalId, Set<String> members) {

	}

	public Group create(CreateGroup command) {
		List<FieldViolation> violations = new ArrayList<>();
		String name = checkName(command.name(), violations);
		checkDescription(command.description(), violations);
		Set<String> members = (command.members() != null) ? command.members() : Set.of();
		checkMemberCount(members, violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The group is not valid", violations);
		}
		String id = Ids.newId("grp");
		try {
			return this.tenants.call(command.tenantId(), (status) -> {
				requireUsers(members);
				this.jdbc.update(
						"INSERT INTO user_groups (id, tenant_id, name, description, external_id) VALUES (?, ?, ?, ?, ?)",
						id, command.tenantId(), name, blankToNull(command.description()), command.externalId());
				insertMembers(command.tenantId(), id, members);
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("name", name);
				details.put("members", List.copyOf(members));
				this.audit.append(command.tenantId(), command.actor(), "group.created", id, details);
				return this.groups.find(id).orElseThrow();
			});
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName();
		}
	}

	public Group update(UpdateGroup command) {
		List<FieldViolation> violations = new ArrayList<>();
		String name = (command.name() != null) ? checkName(command.name(), violations) : null;
		checkDescription(command.description(), violations);
		if (command.members() != null) {
			checkMemberCount(command.members(), violations);
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The change is not valid", violations);
		}
		try {
			return this.tenants.call(command.tenantId(), (status) -> {
				Group group = require(command.groupId(), command.ifMatch());
				Map<String, Object> details = new LinkedHashMap<>();
				if (command.members() != null) {
					requireUsers(command.members());
					Set<String> current = new LinkedHashSet<>(this.jdbc.queryForList(
							"SELECT user_id FROM user_group_members WHERE group_id = ?", String.class, group.id()));
					List<String> removed = current.stream().filter((id) -> !command.members().contains(id)).toList();
					List<String> added = command.members().stream().filter((id) -> !current.contains(id)).toList();
					this.jdbc.update("DELETE FROM user_group_members WHERE group_id = ? AND user_id = ANY (?)",
							group.id(), removed.toArray(String[]::new));
					insertMembers(command.tenantId(), group.id(), added);
					details.put("members_added", added);
					details.put("members_removed", removed);
				}
				String description = (command.description() != null) ? blankToNull(command.description())
						: group.description();
				String externalId = (command.externalId() != null) ? blankToNull(command.externalId())
						: group.externalId();
				bump(group, (name != null) ? name : group.name(), description, externalId);
				details.put("name", (name != null) ? name : group.name());
				this.audit.append(command.tenantId(), command.actor(), "group.updated", group.id(), details);
				return this.groups.find(group.id()).orElseThrow();
			});
		}
		catch (DuplicateKeyException ex) {
			throw duplicateName();
		}
	}

	public Group addMember(String tenantId, String actor, String groupId, String userId) {
		return this.tenants.call(tenantId, (status) -> {
			Group group = require(groupId, null);
			if (!userExists(userId)) {
				throw ProblemException.notFound("User", userId);
			}
			int added = this.jdbc.update("""
					INSERT INTO user_group_members (group_id, user_id, tenant_id) VALUES (?, ?, ?)
					ON CONFLICT DO NOTHING""", groupId, userId, tenantId);
			if (added == 0) {
				return group;
			}
			bump(group, group.name(), group.description(), group.externalId());
			this.audit.append(tenantId, actor, "group.member_added", groupId, Map.of("user_id", userId));
			return this.groups.find(groupId).orElseThrow();
		});
	}

	public Group removeMember(String tenantId, String actor, String groupId, String userId) {
		return this.tenants.call(tenantId, (status) -> {
			Group group = require(groupId, null);
			int removed = this.jdbc.update("DELETE FROM user_group_members WHERE group_id = ? AND user_id = ?", groupId,
					userId);
			if (removed == 0) {
				throw ProblemException.notFound("Member", userId);
			}
			bump(group, group.name(), group.description(), group.externalId());
			this.audit.append(tenantId, actor, "group.member_removed", groupId, Map.of("user_id", userId));
			return this.groups.find(groupId).orElseThrow();
		});
	}

	public void delete(String tenantId, String actor, String groupId, String ifMatch) {
		this.tenants.run(tenantId, (status) -> {
			Group group = require(groupId, ifMatch);
			this.jdbc.update("DELETE FROM user_groups WHERE id = ?", groupId);
			this.audit.append(tenantId, actor, "group.deleted", groupId, Map.of("name", group.name()));
		});
	}

	private Group require(String groupId, String ifMatch) {
		Group group = this.groups.find(groupId).orElseThrow(() -> ProblemException.notFound("Group", groupId));
		ETags.check(ifMatch, group.version());
		return group;
	}

	private void bump(Group group, String name, String description, String externalId) {
		int changed = this.jdbc.update("""
				UPDATE user_groups SET name = ?, description = ?, external_id = ?, version = version + 1,
				       updated_at = now()
				WHERE id = ? AND version = ?""", name, description, externalId, group.id(), group.version());
		if (changed == 0) {
			throw ProblemException.preconditionFailed("The group changed concurrently; read it again");
		}
	}

	private void insertMembers(String tenantId, String groupId, Collection<String> userIds) {
		this.jdbc.batchUpdate("INSERT INTO user_group_members (group_id, user_id, tenant_id) VALUES (?, ?, ?)",
				userIds.stream().map((userId) -> new Object[] { groupId, userId, tenantId }).toList());
	}

	/**
	 * Every id must be a user of the tenant: read under row-level security, since the
	 * foreign key alone would accept another tenant's user.
	 */
	private void requireUsers(Set<String> userIds) {
		if (userIds.isEmpty()) {
			return;
		}
		Set<String> found = new LinkedHashSet<>(this.jdbc.queryForList("SELECT id FROM users WHERE id = ANY (?)",
				String.class, (Object) userIds.toArray(String[]::new)));
		List<String> unknown = userIds.stream().filter((id) -> !found.contains(id)).toList();
		if (!unknown.isEmpty()) {
			throw ProblemException.invalid("Unknown users: " + unknown,
					List.of(new FieldViolation("/members", "unknown users " + unknown)));
		}
	}

	private boolean userExists(String userId) {
		return !this.jdbc.queryForList("SELECT id FROM users WHERE id = ?", String.class, userId).isEmpty();
	}

	private static String checkName(String name, List<FieldViolation> violations) {
		if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
			violations.add(new FieldViolation("/name", "must have between 1 and " + MAX_NAME + " characters"));
			return null;
		}
		return name.strip();
	}

	private static void checkDescription(String description, List<FieldViolation> violations) {
		if (description != null && description.length() > MAX_DESCRIPTION) {
			violations.add(new FieldViolation("/description", "must have at most " + MAX_DESCRIPTION + " characters"));
		}
	}

	private static void checkMemberCount(Set<String> members, List<FieldViolation> violations) {
		if (members.size() > MAX_MEMBERS_PER_CHANGE) {
			violations.add(new FieldViolation("/members", "at most " + MAX_MEMBERS_PER_CHANGE + " per request"));
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	static ProblemException duplicateName() {
		return ProblemException.conflict("A group with this name already exists in the tenant");
	}

}
