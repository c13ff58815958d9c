package io.strata.workflow.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.model.RunStatus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Runs in PostgreSQL (their step attempts: {@link AttemptStore}). Claiming is the only
 * cross-tenant query (it runs as the service's login role); everything else runs inside
 * the run's tenant scope, and every write of a worker is fenced by its lease
 * ({@link RunFence}).
 */
@Repository
public class RunStore {

	private static final String COLUMNS = """
			id, tenant_id, resource_id, action, from_state, to_state, definition::text, input::text, status,
			position, attempt, outputs::text, compensations::text, step_state::text, due_at, lease_owner,
			cancel_requested, error, created_at, updated_at, finished_at""";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	RunStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	private static final String INSERT = """
			INSERT INTO workflow_run (id, tenant_id, resource_id, action, from_state, to_state, definition, input,
			                          status, due_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""";

	/** Writes new runs in one batch. */
	void insertAll(List<Run> runs) {
		this.jdbc.batchUpdate(INSERT, runs.stream().map(this::insertRow).toList());
	}

	private Object[] insertRow(Run run) {
		return new Object[] { run.id(), run.tenantId(), run.resourceId(), run.action(), run.fromState(), run.toState(),
				run.definitionJson(), write(run.input()), run.status().wire(), Timestamp.from(run.dueAt()),
				Timestamp.from(run.createdAt()), Timestamp.from(run.updatedAt()) };
	}

	/**
	 * Claims due runs of every tenant for a worker: rows other workers are claiming are
	 * skipped, not waited for, and a run whose lease expired (its worker died) is due
	 * again.
	 */
	List<Run> claim(String owner, Duration lease, int limit) {
		return this.jdbc.query("""
				UPDATE workflow_run r
				SET lease_owner = ?, lease_until = clock_timestamp() + make_interval(secs => ?),
				    status = CASE WHEN r.status IN ('pending', 'waiting') THEN 'running' ELSE r.status END,
				    updated_at = clock_timestamp()
				FROM (SELECT id FROM workflow_run
				      WHERE status IN ('pending', 'running', 'waiting', 'compensating') AND due_at <= clock_timestamp()
				        AND (lease_until IS NULL OR lease_until < clock_timestamp())
				      ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) due
				WHERE r.id = due.id
				RETURNING""" + " " + prefixed("r."), this::map, owner, lease.toMillis() / 1000.0, limit);
	}

	/** Writes a worker's progress and hands the run back (no lease) until it is due. */
	void save(Run run, String error) {
		save(run, error, false);
	}

	/**
	 * Writes a worker's progress; keeps the lease when the worker goes on with the run.
	 */
	void save(Run run, String error, boolean keepLease) {
		this.jdbc.update(SAVE, saveRow(new Saved(run, error, keepLease)));
	}

	/**
	 * A run's progress to write.
	 *
	 * @param run the run
	 * @param error why it failed, or null
	 * @param keepLease whether the worker goes on with it
	 */
	record Saved(Run run, String error, boolean keepLease) {

	}

	/** Writes runs' progress in one batch. */
	void saveAll(List<Saved> saves) {
		this.jdbc.batchUpdate(SAVE, saves.stream().map(this::saveRow).toList());
	}

	private static final String SAVE = """
			UPDATE workflow_run SET status = ?, position = ?, attempt = ?, outputs = ?::jsonb,
			    compensations = ?::jsonb, step_state = ?::jsonb, due_at = ?, error = ?, updated_at = clock_timestamp(),
			    lease_owner = CASE WHEN ? THEN lease_owner ELSE NULL END,
			    lease_until = CASE WHEN ? THEN lease_until ELSE NULL END,
			    finished_at = CASE WHEN ? THEN clock_timestamp() ELSE NULL END,
			    result = CASE WHEN ? THEN ?::jsonb ELSE NULL END
			WHERE id = ?""";

	private Object[] saveRow(Saved saved) {
		Run run = saved.run();
		String outputs = write(run.outputs());
		return new Object[] { run.status().wire(), run.position(), run.attempt(), outputs, write(run.compensations()),
				(run.stepState() != null) ? write(run.stepState()) : null, Timestamp.from(run.dueAt()), saved.error(),
				saved.keepLease(), saved.keepLease(), run.status().terminal(), run.status() == RunStatus.COMPLETED,
				outputs, run.id() };
	}

	/**
	 * Lets PostgreSQL cancel any statement of the current transaction that runs longer
	 * than the given time (SQLSTATE 57014).
	 */
	void limitStatements(Duration timeout) {
		this.jdbc.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
	}

	/** Lifts {@link #limitStatements} for the rest of the transaction. */
	void unlimitStatements() {
		this.jdbc.execute("SET LOCAL statement_timeout TO DEFAULT");
	}

	public Optional<Run> find(String id) {
		return this.jdbc.query("SELECT " + COLUMNS + " FROM workflow_run WHERE id = ?", this::map, id)
			.stream()
			.findFirst();
	}

	public List<Run> listByResource(String resourceId, String afterId, int limit) {
		return this.jdbc.query("SELECT " + COLUMNS + " " + """
				FROM workflow_run WHERE resource_id = ? AND id > ? ORDER BY id LIMIT ?""", this::map, resourceId,
				(afterId != null) ? afterId : "", limit);
	}

	public boolean requestCancel(String id) {
		return this.jdbc.update("""
				UPDATE workflow_run SET cancel_requested = true, due_at = LEAST(due_at, clock_timestamp())
				WHERE id = ? AND status IN ('pending', 'running', 'waiting')""", id) == 1;
	}

	private Run map(ResultSet row, int index) throws SQLException {
		return new Run(row.getString("id"), row.getString("tenant_id"), row.getString("resource_id"),
				row.getString("action"), row.getString("from_state"), row.getString("to_state"),
				row.getString("definition"), read(row.getString("input"), MAP),
				RunStatus.fromWire(row.getString("status")), row.getInt("position"), row.getInt("attempt"),
				read(row.getString("outputs"), MAP), read(row.getString("compensations"), INTS),
				(row.getString("step_state") != null) ? read(row.getString("step_state"), MAP) : null,
				row.getTimestamp("due_at").toInstant(), row.getString("lease_owner"),
				row.getBoolean("cancel_requested"), row.getString("error"), row.getTimestamp("created_at").toInstant(),
				row.getTimestamp("updated_at").toInstant(),
				(row.getTimestamp("finished_at") != null) ? row.getTimestamp("finished_at").toInstant() : null);
	}

	private static String prefixed(String prefix) {
		return String.join(", ",
				java.util.Arrays.stream(COLUMNS.split(","))
					.map(String::trim)
					.map((column) -> column.endsWith("::text")
							? prefix + column + " AS " + column.substring(0, column.length() - 6) : prefix + column)
					.toList());
	}

	private String write(Object value) {
		return this.json.writeValueAsString(value);
	}

	private <T> T read(String text, TypeReference<T> type) {
		return this.json.readValue(text, type);
	}

}
