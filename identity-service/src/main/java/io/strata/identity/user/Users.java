package io.strata.identity.user;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.strata.identity.support.SqlFilter;
import io.strata.platform.web.OrderBy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Users in PostgreSQL. Every method runs inside a tenant-scoped transaction, so row-level
 * security limits it to the caller's tenant whatever the SQL says.
 */
@Component
public class Users {

	static final RowMapper<User> ROWS = (rs, row) -> new User(rs.getString("id"), rs.getString("tenant_id"),
			rs.getString("email"), strings(rs.getArray("roles")), rs.getBoolean("disabled"), rs.getInt("version"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

	private final JdbcTemplate jdbc;

	Users(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<User> find(String id) {
		return this.jdbc.query("SELECT * FROM users WHERE id = ?", ROWS, id).stream().findFirst();
	}

	public Optional<User> findByEmail(String email) {
		return this.jdbc.query("SELECT * FROM users WHERE email = ?", ROWS, email).stream().findFirst();
	}

	public Optional<String> passwordHash(String id) {
		return this.jdbc.queryForList("SELECT password_hash FROM users WHERE id = ?", String.class, id)
			.stream()
			.findFirst();
	}

	/**
	 * A page in the given order of id, after the given id, of the users the condition
	 * matches.
	 */
	List<User> page(OrderBy order, String afterId, int size, SqlFilter.Condition condition) {
		List<Object> parameters = new ArrayList<>();
		parameters.add(afterId);
		parameters.add(afterId);
		parameters.addAll(condition.parameters());
		parameters.add(size);
		return this.jdbc.query("SELECT * FROM users WHERE (?::text IS NULL OR id " + order.after() + " ?) AND "
				+ condition.sql() + " ORDER BY id " + order.direction() + " LIMIT ?", ROWS, parameters.toArray());
	}

	public static List<String> strings(Array array) throws SQLException {
		return (array != null) ? Arrays.asList((String[]) array.getArray()) : List.of();
	}

}
