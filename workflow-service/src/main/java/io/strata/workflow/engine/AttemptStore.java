package io.strata.workflow.engine;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.decider.Command;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The attempts of runs' steps (table {@code step_attempt}): written by a worker inside
 * the run's fenced transaction, read for the API's operations.
 */
@Repository
public class AttemptStore {

	/*
	 * An earlier attempt of the step still "running" belonged to a worker that lost the
	 * run (it died or stalled): the caller holds the lease, so that one never finishes.
	 */
	private static final String ABANDON_RUNNING = """
			UPDATE step_attempt SET status = 'abandoned', error_code = 'lease_lost',
			    error = 'the worker running the attempt lost its lease; the step was resumed',
			    finished_at = clock_timestamp()
			WHERE run_id = ? AND step_name = ? AND compensation = ? AND status = 'running'""";

	private static final String INSERT_ENDED = """
			INSERT INTO step_attempt (run_id, tenant_id, step_name, compensation, attempt, idempotency_key, worker,
			                          status, input, output, error_code, error, started_at, finished_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, clock_timestamp())""";

	private static final String RECORD_ENDED = "WITH abandoned AS (" + ABANDON_RUNNING + ") " + INSERT_ENDED;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AttemptStore(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * An attempt written whole once it has ended (a step run inside the run's
	 * transaction).
	 *
	 * @param visit the visit that made it: the run, the step, its input and start
	 * @param worker the worker that ran it
	 * @param ending how it ended
	 */
	record Ended(Visit visit, String worker, AttemptEnding ending) {

	}

	/**
	 * Writes the visit's attempt as running (a step run outside any transaction); its id.
	 */
	long start(Visit visit, String worker) {
		Run run = visit.run();
		Command.Attempt attempt = visit.attempt();
		this.jdbc.update(ABANDON_RUNNING, run.id(), attempt.name(), attempt.compensation());
		return this.jdbc.queryForObject("""
				INSERT INTO step_attempt (run_id, tenant_id, step_name, compensation, attempt, idempotency_key, worker,
				                          status, input, started_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?::jsonb, clock_timestamp()) RETURNING id""", Long.class,
				run.id(), run.tenantId(), attempt.name(), attempt.compensation(), attempt.attempt(),
				visit.idempotencyKey(), worker, write(visit.input()));
	}

	/** Writes an ended attempt (one round trip); its id. */
	long record(Ended ended) {
		Object[] abandon = { ended.visit().run().id(), ended.visit().attempt().name(),
				ended.visit().attempt().compensation() };
		Object[] arguments = Stream.concat(Arrays.stream(abandon), Arrays.stream(row(ended))).toArray();
		return this.jdbc.queryForObject(RECORD_ENDED + " RETURNING id", Long.class, arguments);
	}

	/**
	 * Writes ended attempts, in order: the earlier attempts of their steps still
	 * "running" abandoned by one statement, then the attempts in one batch (one multi-row
	 * INSERT).
	 */
	void recordAll(List<Ended> attempts) {
		this.jdbc.update("""
				UPDATE step_attempt a SET status = 'abandoned', error_code = 'lease_lost',
				    error = 'the worker running the attempt lost its lease; the step was resumed',
				    finished_at = clock_timestamp()
				FROM unnest(?::text[], ?::text[], ?::boolean[]) AS s(run_id, step_name, compensation)
				WHERE a.run_id = s.run_id AND a.step_name = s.step_name AND a.compensation = s.compensation
				  AND a.status = 'running'""",
				attempts.stream().map((ended) -> ended.visit().run().id()).toArray(String[]::new),
				attempts.stream().map((ended) -> ended.visit().attempt().name()).toArray(String[]::new),
				attempts.stream().map((ended) -> ended.visit().attempt().compensation()).toArray(Boolean[]::new));
		this.jdbc.batchUpdate(INSERT_ENDED, attempts.stream().map(this::row).toList());
	}

	/** Ends an attempt written when it started (or left waiting). */
	void finish(long attemptId, AttemptEnding ending) {
		this.jdbc.update("""
				UPDATE step_attempt SET status = ?, output = ?::jsonb, error_code = ?, error = ?,
				    finished_at = clock_timestamp()
				WHERE id = ?""", ending.status(), (ending.output() != null) ? write(ending.output()) : null,
				ending.errorCode(), ending.error(), attemptId);
	}

	/** A run's attempts, in the order they were written. */
	public List<Attempt> attempts(String runId) {
		return this.jdbc.query("""
				SELECT step_name, compensation, attempt, idempotency_key, status, output::text, error_code, error,
				       started_at, finished_at
				FROM step_attempt WHERE run_id = ? ORDER BY id""",
				(row, i) -> new Attempt(row.getString(1), row.getBoolean(2), row.getInt(3), row.getString(4),
						row.getString(5), (row.getString(6) != null) ? this.json.readTree(row.getString(6)) : null,
						row.getString(7), row.getString(8), row.getTimestamp(9).toInstant(),
						(row.getTimestamp(10) != null) ? row.getTimestamp(10).toInstant() : null),
				runId);
	}

	/**
	 * One step attempt as stored.
	 *
	 * @param stepName the step
	 * @param compensation whether it ran the step's compensation
	 * @param attempt 1-based
	 * @param idempotencyKey what side effects received
	 * @param status running, completed, failed, waiting, cancelled, abandoned
	 * @param output its output
	 * @param errorCode the failure's code
	 * @param error the failure
	 * @param startedAt start
	 * @param finishedAt end
	 */
	public record Attempt(String stepName, boolean compensation, int attempt, String idempotencyKey, String status,
			JsonNode output, String errorCode, String error, Instant startedAt, Instant finishedAt) {

	}

	private Object[] row(Ended ended) {
		Visit visit = ended.visit();
		Command.Attempt attempt = visit.attempt();
		AttemptEnding ending = ended.ending();
		return new Object[] { visit.run().id(), visit.run().tenantId(), attempt.name(), attempt.compensation(),
				attempt.attempt(), visit.idempotencyKey(), ended.worker(), ending.status(), write(visit.input()),
				(ending.output() != null) ? write(ending.output()) : null, ending.errorCode(), ending.error(),
				Timestamp.from(visit.startedAt()) };
	}

	private String write(Object value) {
		return this.json.writeValueAsString(value);
	}

}
