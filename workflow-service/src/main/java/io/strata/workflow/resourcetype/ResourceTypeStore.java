package io.strata.workflow.resourcetype;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.support.TransactionScoped;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Resource type versions in PostgreSQL. Callers run inside a tenant scope, so row-level
 * security limits every query to the caller's tenant.
 */
@Repository
public class ResourceTypeStore {

	private static final String COLUMNS = "tenant_id, name, version, schema::text, lifecycle::text, description, retired, created_at, text_attributes";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	ResourceTypeStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(String tenantId, String name, int version, JsonNode schema, JsonNode lifecycle, String description,
			List<String> textAttributes) {
		forgetCurrent();
		this.jdbc.update("""
				INSERT INTO resource_type (tenant_id, name, version, schema, lifecycle, description, text_attributes)
				VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)""", (statement) -> {
			statement.setString(1, tenantId);
			statement.setString(2, name);
			statement.setInt(3, version);
			statement.setString(4, schema.toString());
			statement.setString(5, lifecycle.toString());
			statement.setString(6, description);
			statement.setArray(7, textAttributes.isEmpty() ? null
					: statement.getConnection().createArrayOf("text", textAttributes.toArray()));
		});
	}

	/**
	 * The newest version; 0 for the current one. The current one is read once per
	 * transaction (a workflow transaction validates many resources of one type).
	 */
	public Optional<ResourceType> find(String name, int version) {
		java.util.Map<String, Optional<ResourceType>> current = (version > 0) ? null
				: TransactionScoped.obtain(this, java.util.HashMap::new);
		if (current == null) {
			return read(name, version);
		}
		Optional<ResourceType> found = current.get(name);
		if (found == null) {
			found = read(name, 0);
			current.put(name, found);
		}
		return found;
	}

	private Optional<ResourceType> read(String name, int version) {
		String sql = (version > 0) ? "SELECT " + COLUMNS + " FROM resource_type WHERE name = ? AND version = ?"
				: "SELECT " + COLUMNS + " FROM resource_type WHERE name = ? ORDER BY version DESC LIMIT 1";
		Object[] args = (version > 0) ? new Object[] { name, version } : new Object[] { name };
		return this.jdbc.query(sql, this::map, args).stream().findFirst();
	}

	/** The current version of each type, by name, after the given name. */
	public List<ResourceType> listCurrent(String afterName, int limit) {
		return this.jdbc.query("SELECT DISTINCT ON (name) " + COLUMNS + " " + """
				FROM resource_type WHERE name > ? ORDER BY name, version DESC LIMIT ?""", this::map,
				(afterName != null) ? afterName : "", limit);
	}

	int retire(String name) {
		forgetCurrent();
		return this.jdbc.update("UPDATE resource_type SET retired = true WHERE name = ? AND NOT retired", name);
	}

	private void forgetCurrent() {
		java.util.Map<String, Optional<ResourceType>> current = TransactionScoped.find(this);
		if (current != null) {
			current.clear();
		}
	}

	private ResourceType map(ResultSet row, int index) throws SQLException {
		JsonNode lifecycle = this.json.readTree(row.getString(5));
		return new ResourceType(row.getString(1), row.getString(2), row.getInt(3), this.json.readTree(row.getString(4)),
				lifecycle, LifecycleReader.read(lifecycle), row.getString(6), row.getBoolean(7),
				row.getTimestamp(8).toInstant(), strings(row.getArray(9)));
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array != null) ? List.of((String[]) array.getArray()) : List.of();
	}

}
