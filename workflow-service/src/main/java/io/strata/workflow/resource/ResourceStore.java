package io.strata.workflow.resource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Resources in PostgreSQL. Callers run inside a tenant scope: row-level security limits
 * every statement to the caller's tenant. Writes compare the version they read
 * (optimistic concurrency).
 */
@Repository
public class ResourceStore {

	private static final String COLUMNS = "id, tenant_id, type, type_version, state, attributes::text, version, active_run_id, created_at, updated_at";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	ResourceStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Resource resource) {
		this.jdbc.update(
				"""
						INSERT INTO resource (id, tenant_id, type, type_version, state, attributes, version, created_at, updated_at)
						VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)""",
				resource.id(), resource.tenantId(), resource.type(), resource.typeVersion(), resource.state(),
				resource.attributes().toString(), resource.version(), Timestamp.from(resource.createdAt()),
				Timestamp.from(resource.updatedAt()));
	}

	public Optional<Resource> find(String id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM resource WHERE id = ?", this::map, id).stream().findFirst();
	}

	/** The resources of those ids that exist, by id. */
	public java.util.Map<String, Resource> findAll(java.util.Collection<String> ids) {
		java.util.Map<String, Resource> found = new java.util.HashMap<>();
		this.jdbc
			.query("SELECT " + COLUMNS + " FROM resource WHERE id = ANY (?)", this::map,
					(Object) ids.toArray(String[]::new))
			.forEach((resource) -> found.put(resource.id(), resource));
		return found;
	}

	/** The resource, its row locked until the transaction ends. */
	public Optional<Resource> lock(String id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM resource WHERE id = ? FOR UPDATE", this::map, id)
			.stream()
			.findFirst();
	}

	/**
	 * Locks the resources of those ids that exist, in id order (no deadlock between
	 * lockers).
	 */
	java.util.List<Resource> lockAll(java.util.Collection<String> ids) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM resource WHERE id = ANY (?) ORDER BY id FOR UPDATE",
				this::map, (Object) ids.toArray(String[]::new));
	}

	/**
	 * Writes resources as a transaction that holds their rows locked changed them (one
	 * batch).
	 */
	void writeAll(java.util.List<Resource> resources) {
		this.jdbc.batchUpdate("""
				UPDATE resource SET attributes = ?::jsonb, type_version = ?, state = ?, version = ?, active_run_id = ?,
				    updated_at = ?
				WHERE id = ?""",
				resources.stream()
					.map((resource) -> new Object[] { resource.attributes().toString(), resource.typeVersion(),
							resource.state(), resource.version(), resource.activeRunId(),
							Timestamp.from(resource.updatedAt()), resource.id() })
					.toList());
	}

	/** Writes new attributes if the version is still the one read; false otherwise. */
	public boolean updateAttributes(String id, long expectedVersion, JsonNode attributes, int typeVersion, Instant at) {
		return this.jdbc.update("""
				UPDATE resource SET attributes = ?::jsonb, type_version = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND version = ?""", attributes.toString(), typeVersion, Timestamp.from(at), id,
				expectedVersion) == 1;
	}

	/**
	 * Writes a workflow's change: new attributes and, unless null, a new state; the
	 * resource as changed (empty if the version is no longer the one read).
	 */
	Optional<Resource> update(String id, long expectedVersion, JsonNode attributes, int typeVersion, String state,
			Instant at) {
		return this.jdbc
			.query("""
					UPDATE resource SET attributes = ?::jsonb, type_version = ?, state = COALESCE(?, state),
					    version = version + 1, updated_at = ?
					WHERE id = ? AND version = ? RETURNING""" + " " + COLUMNS, this::map, attributes.toString(),
					typeVersion, state, Timestamp.from(at), id, expectedVersion)
			.stream()
			.findFirst();
	}

	/**
	 * Moves the state, ends the action's claim on the resource; the resource as moved, or
	 * empty when the run no longer held it.
	 */
	public Optional<Resource> finishAction(String id, String runId, String state, Instant at) {
		return this.jdbc
			.query("""
					UPDATE resource SET state = ?, active_run_id = NULL, version = version + 1, updated_at = ?
					WHERE id = ? AND active_run_id = ? RETURNING""" + " " + COLUMNS, this::map, state,
					Timestamp.from(at), id, runId)
			.stream()
			.findFirst();
	}

	/**
	 * An action's claim on a resource.
	 *
	 * @param resourceId the resource
	 * @param runId the run that acts on it
	 * @param state the state it was read in (the action is allowed from it)
	 */
	public record ActionStart(String resourceId, String runId, String state) {

	}

	/**
	 * Claims each resource for its run if it is still in the state read and no other
	 * action runs, in one statement (rows in id order): of two concurrent actions on a
	 * resource exactly one gets the row, the other waits for its lock, then finds it
	 * taken. The resources claimed.
	 */
	public java.util.Set<String> startActions(java.util.List<ActionStart> starts) {
		if (starts.isEmpty()) {
			return java.util.Set.of();
		}
		java.util.List<ActionStart> ordered = starts.stream()
			.sorted(java.util.Comparator.comparing(ActionStart::resourceId))
			.toList();
		return new java.util.HashSet<>(this.jdbc.queryForList("""
				UPDATE resource r SET active_run_id = v.run_id
				FROM unnest(?::text[], ?::text[], ?::text[]) AS v(id, run_id, state)
				WHERE r.id = v.id AND r.active_run_id IS NULL AND r.state = v.state
				RETURNING r.id""", String.class, ordered.stream().map(ActionStart::resourceId).toArray(String[]::new),
				ordered.stream().map(ActionStart::runId).toArray(String[]::new),
				ordered.stream().map(ActionStart::state).toArray(String[]::new)));
	}

	/**
	 * Ends the action's claim without a state change (the run failed or was cancelled).
	 */
	public void releaseAction(String id, String runId) {
		this.jdbc.update("UPDATE resource SET active_run_id = NULL WHERE id = ? AND active_run_id = ?", id, runId);
	}

	boolean delete(String id, long expectedVersion) {
		return this.jdbc.update("DELETE FROM resource WHERE id = ? AND version = ?", id, expectedVersion) == 1;
	}

	private Resource map(ResultSet row, int index) throws SQLException {
		return new Resource(row.getString(1), row.getString(2), row.getString(3), row.getInt(4), row.getString(5),
				this.json.readTree(row.getString(6)), row.getLong(7), row.getString(8), row.getTimestamp(9).toInstant(),
				row.getTimestamp(10).toInstant());
	}

}
