package io.strata.identity.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.strata.identity.support.SqlFilter;
import io.strata.platform.web.OrderBy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Groups and their members in PostgreSQL. Every method runs inside a tenant-scoped
 * transaction, so row-level security limits it to the caller's tenant.
 */
@Component
public class Groups {

	static final RowMapper<Group> ROWS = (rs, row) -> new Group(rs.getString("id"), rs.getString("tenant_id"),
			rs.getString("name"), rs.getString("description"), rs.getString("external_id"), rs.getInt("version"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

	static final RowMapper<GroupMember> MEMBERS = (rs, row) -> new GroupMember(rs.getString("group_id"),
			rs.getString("user_id"), rs.getString("email"), rs.getTimestamp("added_at").toInstant());

	private final JdbcTemplate jdbc;

	Groups(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Group> find(String id) {
		return this.jdbc.query("SELECT * FROM user_groups WHERE id = ?", ROWS, id).stream().findFirst();
	}

	/**
	 * A page in the given order of id, after the given id, of the groups the condition
	 * matches.
	 */
	public List<Group> page(OrderBy order, String afterId, int size, SqlFilter.Condition condition) {
		List<Object> parameters = new ArrayList<>();
		parameters.add(afterId);
		parameters.add(afterId);
		parameters.addAll(condition.parameters());
		parameters.add(size);
		return this.jdbc.query("SELECT * FROM user_groups WHERE (?::text IS NULL OR id " + order.after() + " ?) AND "
				+ condition.sql() + " ORDER BY id " + order.direction() + " LIMIT ?", ROWS, parameters.toArray());
	}

	/** Every group of the tenant, oldest first, up to {@code limit}. */
	public List<Group> all(int limit) {
		return this.jdbc.query("SELECT * FROM user_groups ORDER BY created_at, id LIMIT ?", ROWS, limit);
	}

	/** A page of a group's members ordered by user id, after the given user id. */
	public List<GroupMember> members(String groupId, String afterUserId, int size) {
		return this.jdbc.query("""
				SELECT m.group_id, m.user_id, u.email, m.added_at FROM user_group_members m
				JOIN users u ON u.id = m.user_id
				WHERE m.group_id = ? AND m.user_id > ? ORDER BY m.user_id LIMIT ?""", MEMBERS, groupId,
				(afterUserId != null) ? afterUserId : "", size);
	}

	/** The members of the given groups. */
	public List<GroupMember> membersOf(Collection<String> groupIds) {
		return this.jdbc.query("""
				SELECT m.group_id, m.user_id, u.email, m.added_at FROM user_group_members m
				JOIN users u ON u.id = m.user_id
				WHERE m.group_id = ANY (?) ORDER BY m.group_id, m.user_id""", MEMBERS,
				(Object) groupIds.toArray(String[]::new));
	}

	/** The groups the given users belong to. */
	public List<Membership> membershipsOf(Collection<String> userIds) {
		return this.jdbc.query("""
				SELECT m.user_id, m.group_id, g.name FROM user_group_members m
				JOIN user_groups g ON g.id = m.group_id
				WHERE m.user_id = ANY (?) ORDER BY m.user_id, g.name""",
				(rs, row) -> new Membership(rs.getString("user_id"), rs.getString("group_id"), rs.getString("name")),
				(Object) userIds.toArray(String[]::new));
	}

}
