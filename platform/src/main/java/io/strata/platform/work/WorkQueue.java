package io.strata.platform.work;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One leased PostgreSQL work queue over a table of the service's own ({@link WorkTable}).
 * <ul>
 * <li>{@link #claim} locks up to a batch of due items with {@code FOR UPDATE SKIP LOCKED}
 * (concurrent workers, in this instance or another, never take the same row), moves their
 * visible-after time a lease ahead and returns them with their payload, all in one
 * statement. A worker that dies leaves its items to come back when the lease ends. With a
 * fairness key, at most {@link QueueSettings#perKey()} items per key are in flight here,
 * and keys are served oldest item first, so one key's backlog never crowds out the
 * others.</li>
 * <li>{@link #complete}, {@link #fail} and {@link #release} write the outcomes of a whole
 * batch in one statement each, fenced by the attempt count of the claim; they join the
 * caller's transaction (e.g. a tenant-scoped one, so row-level security applies and the
 * outcome commits with what follows from it).</li>
 * <li>{@link #fail} reschedules by the queue's {@link Backoff} and parks the item
 * ({@code status = 'dead'}) once its attempts are used up.</li>
 * <li>Metrics, tagged {@code queue}: {@code strata.work.claims} (statements),
 * {@code strata.work.claimed} (items), {@code .completed}, {@code .failed},
 * {@code .parked} (counters), {@code strata.work.wait} (due → claimed) and
 * {@code strata.work.oldest.age} (seconds the oldest due item has waited).</li>
 * </ul>
 * <p>
 * Why not db-scheduler (com.github.kagkarlsson): it keeps every task in its own
 * {@code scheduled_tasks} table with serialized task data and runs one task per
 * execution. Our items are rows of the services' domain tables (a delivery, a recovery
 * request), written in the transaction that causes them, under row-level security, and
 * read by the API; deliveries need a fairness key in the claim and batched outcomes. Its
 * polling loop also has no same-JVM wake-up on insert. What it would bring here (claim,
 * lease, backoff) is the few statements below.
 *
 * @param <T> the payload type
 */
public class WorkQueue<T> {

	/** Reads the payload columns of a claimed row. */
	@FunctionalInterface
	public interface PayloadMapper<T> {

		T map(ResultSet row) throws SQLException;

	}

	private final String name;

	private final JdbcClient jdbc;

	private final WorkTable table;

	private final QueueSettings settings;

	private final Backoff backoff;

	private final PayloadMapper<T> mapper;

	private final String claimSql;

	private final String completeSql;

	private final String failSql;

	private final String releaseSql;

	private final String oldestSql;

	private final Counter claims;

	private final Counter claimed;

	private final Counter completed;

	private final Counter failed;

	private final Counter parked;

	private final Timer wait;

	public WorkQueue(String name, JdbcClient jdbc, WorkTable table, QueueSettings settings, Backoff backoff,
			PayloadMapper<T> mapper, MeterRegistry meters) {
		this.name = name;
		this.jdbc = jdbc;
		this.table = table;
		this.settings = settings;
		this.backoff = backoff;
		this.mapper = mapper;
		this.claimSql = claimSql(table);
		this.completeSql = completeSql(table);
		this.failSql = failSql(table);
		this.releaseSql = """
				UPDATE %1$s q SET next_attempt_at = now()
				FROM unnest(?::%2$s[], ?::int[]) AS x (id, attempts)
				WHERE q.%3$s = x.id AND q.attempts = x.attempts AND q.status = 'pending'""".formatted(table.table(),
				table.idType(), table.idColumn());
		this.oldestSql = """
				SELECT extract(epoch FROM now() - min(q.next_attempt_at)) FROM %s q
				WHERE q.status = 'pending' AND q.next_attempt_at <= now()%s""".formatted(table.table(),
				(table.eligible() != null) ? " AND " + table.eligible() : "");
		this.claims = counter(meters, "strata.work.claims", "Claim statements (round trips) run");
		this.claimed = counter(meters, "strata.work.claimed", "Items claimed by a worker");
		this.completed = counter(meters, "strata.work.completed", "Items completed");
		this.failed = counter(meters, "strata.work.failed", "Failed attempts (rescheduled or parked)");
		this.parked = counter(meters, "strata.work.parked", "Items parked after their last attempt");
		this.wait = Timer.builder("strata.work.wait")
			.description("Time from an item becoming due to its claim")
			.tag("queue", name)
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(meters);
		Gauge.builder("strata.work.oldest.age", this, WorkQueue::oldestAgeSeconds)
			.description("Seconds the oldest due item has been waiting")
			.tag("queue", name)
			.baseUnit("seconds")
			.register(meters);
	}

	public String name() {
		return this.name;
	}

	public QueueSettings settings() {
		return this.settings;
	}

	/** Claims up to {@code limit} due items; no fairness key or nothing in flight. */
	public List<Claim<T>> claim(int limit) {
		return claim(limit, Map.of());
	}

	/**
	 * Claims up to {@code limit} due items in one statement (autocommit, or the caller's
	 * transaction). With a fairness key, a key gets at most {@code perKey} minus its
	 * {@code inFlight} count.
	 */
	public List<Claim<T>> claim(int limit, Map<String, Integer> inFlight) {
		if (limit <= 0) {
			return List.of();
		}
		JdbcClient.StatementSpec statement = this.jdbc.sql(this.claimSql);
		if (this.table.keyColumn() != null) {
			statement = statement.param(inFlight.keySet().toArray(String[]::new))
				.param(inFlight.values().toArray(Integer[]::new))
				.param(this.settings.perKey());
		}
		Instant now = Instant.now();
		List<Claim<T>> claims = statement.param(limit)
			.param(this.settings.lease().toMillis())
			.query((rs, row) -> new Claim<>(rs.getObject("work_id"), rs.getInt("work_attempts"),
					(this.table.keyColumn() != null) ? rs.getString("work_key") : null,
					rs.getTimestamp("work_due").toInstant(), (this.mapper != null) ? this.mapper.map(rs) : null))
			.list();
		this.claims.increment();
		this.claimed.increment(claims.size());
		for (Claim<T> claim : claims) {
			Duration waited = Duration.between(claim.visibleAt(), now);
			this.wait.record(waited.isNegative() ? Duration.ZERO : waited);
		}
		return claims;
	}

	/**
	 * Marks the claims done (or deletes them); returns the ids this call completed (a
	 * claim whose lease was taken over is left alone).
	 */
	public Set<Object> complete(Collection<? extends Claim<?>> claims) {
		if (claims.isEmpty()) {
			return Set.of();
		}
		Set<Object> done = new HashSet<>(this.jdbc.sql(this.completeSql)
			.param(ids(claims.stream().map(Claim::id).toList()))
			.param(claims.stream().map(Claim::attempts).toArray(Integer[]::new))
			.query((rs, row) -> rs.getObject(1))
			.list());
		this.completed.increment(done.size());
		return done;
	}

	/** What {@link #fail} did. */
	public record Failed(Set<Object> retried, Set<Object> parked) {

	}

	/**
	 * Records failed attempts: each item comes back after the backoff's delay (at least
	 * the failure's hint), or is parked when its attempts are used up.
	 */
	public Failed fail(Collection<Failure> failures) {
		if (failures.isEmpty()) {
			return new Failed(Set.of(), Set.of());
		}
		List<Object> ids = new ArrayList<>(failures.size());
		Integer[] attempts = new Integer[failures.size()];
		Long[] delays = new Long[failures.size()];
		String[] errors = new String[failures.size()];
		Boolean[] park = new Boolean[failures.size()];
		int i = 0;
		for (Failure failure : failures) {
			ids.add(failure.claim().id());
			attempts[i] = failure.claim().attempts();
			Optional<Duration> next = this.backoff.next(failure.claim().attempts() + 1, failure.hint());
			delays[i] = next.map(Duration::toMillis).orElse(0L);
			park[i] = next.isEmpty();
			errors[i] = failure.error();
			i++;
		}
		Set<Object> retried = new HashSet<>();
		Set<Object> parkedIds = new HashSet<>();
		this.jdbc.sql(this.failSql)
			.params(ids(ids), attempts, delays, errors, park)
			.query((rs, row) -> rs.getBoolean("work_parked") ? parkedIds.add(rs.getObject("work_id"))
					: retried.add(rs.getObject("work_id")))
			.list();
		this.failed.increment(retried.size() + parkedIds.size());
		this.parked.increment(parkedIds.size());
		return new Failed(retried, parkedIds);
	}

	/** Hands claims back unattempted (e.g. on shutdown): due again at once. */
	public void release(Collection<? extends Claim<?>> claims) {
		if (claims.isEmpty()) {
			return;
		}
		this.jdbc.sql(this.releaseSql)
			.param(ids(claims.stream().map(Claim::id).toList()))
			.param(claims.stream().map(Claim::attempts).toArray(Integer[]::new))
			.update();
	}

	/** Seconds the oldest due item has waited (0 when none); NaN if the query fails. */
	public double oldestAgeSeconds() {
		try {
			return this.jdbc.sql(this.oldestSql).query(Double.class).optional().orElse(0.0);
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	private Object[] ids(List<Object> ids) {
		if ("bigint".equals(this.table.idType())) {
			return ids.stream().map((id) -> ((Number) id).longValue()).toArray(Long[]::new);
		}
		return ids.stream().map(String::valueOf).toArray(String[]::new);
	}

	private Counter counter(MeterRegistry meters, String metric, String description) {
		return Counter.builder(metric).description(description).tag("queue", this.name).register(meters);
	}

	private static String claimSql(WorkTable t) {
		String eligible = (t.eligible() != null) ? " AND " + t.eligible() : "";
		String picked;
		if (t.keyColumn() != null) {
			// the keys with pending items by a loose index scan (one index
			// descent per key, not a read of every pending item: a backlog is
			// many items of few keys); up to its free slots of each key's
			// oldest due items; keys whose oldest of those is oldest first
			picked = """
					busy AS (
					    SELECT * FROM unnest(?::text[], ?::int[]) AS b (k, n)
					), keys (k) AS (
					    SELECT min(q.%2$s) FROM %1$s q WHERE q.status = 'pending'
					    UNION ALL
					    SELECT (SELECT min(q.%2$s) FROM %1$s q WHERE q.status = 'pending' AND q.%2$s > keys.k)
					    FROM keys WHERE keys.k IS NOT NULL
					), picked AS (
					    SELECT x.id, x.due
					    FROM keys LEFT JOIN busy ON busy.k = keys.k
					    CROSS JOIN LATERAL (
					        SELECT q.%4$s AS id, q.next_attempt_at AS due FROM %1$s q
					        WHERE q.%2$s = keys.k AND q.status = 'pending' AND q.next_attempt_at <= now()%3$s
					        ORDER BY q.next_attempt_at, q.%4$s
					        LIMIT greatest(0, ? - coalesce(busy.n, 0))
					        FOR UPDATE OF q SKIP LOCKED
					    ) x
					    WHERE keys.k IS NOT NULL
					    ORDER BY min(x.due) OVER (PARTITION BY keys.k), keys.k, x.due
					    LIMIT ?
					)""".formatted(t.table(), t.keyColumn(), eligible, t.idColumn());
		}
		else {
			picked = """
					picked AS (
					    SELECT q.%2$s AS id, q.next_attempt_at AS due FROM %1$s q
					    WHERE q.status = 'pending' AND q.next_attempt_at <= now()%3$s
					    ORDER BY q.next_attempt_at, q.%2$s
					    LIMIT ?
					    FOR UPDATE OF q SKIP LOCKED
					)""".formatted(t.table(), t.idColumn(), eligible);
		}
		return """
				WITH %s%s
				UPDATE %s q SET next_attempt_at = now() + (? * interval '1 millisecond')
				FROM picked%s
				WHERE q.%s = picked.id%s
				RETURNING q.%s AS work_id, q.attempts AS work_attempts, picked.due AS work_due%s%s""".formatted(
				(t.keyColumn() != null) ? "RECURSIVE " : "", picked, t.table(),
				(t.payloadFrom() != null) ? ", " + t.payloadFrom() : "", t.idColumn(),
				(t.payloadWhere() != null) ? " AND " + t.payloadWhere() : "", t.idColumn(),
				(t.keyColumn() != null) ? ", q." + t.keyColumn() + " AS work_key" : "",
				(t.payloadColumns() != null) ? ", " + t.payloadColumns() : "");
	}

	private static String completeSql(WorkTable t) {
		if (t.doneStatus() == null) {
			return """
					DELETE FROM %1$s q USING unnest(?::%2$s[], ?::int[]) AS x (id, attempts)
					WHERE q.%3$s = x.id AND q.attempts = x.attempts AND q.status = 'pending'
					RETURNING q.%3$s""".formatted(t.table(), t.idType(), t.idColumn());
		}
		return """
				UPDATE %1$s q SET status = '%4$s', attempts = q.attempts + 1, last_error = NULL%5$s
				FROM unnest(?::%2$s[], ?::int[]) AS x (id, attempts)
				WHERE q.%3$s = x.id AND q.attempts = x.attempts AND q.status = 'pending'
				RETURNING q.%3$s""".formatted(t.table(), t.idType(), t.idColumn(), t.doneStatus(),
				(t.doneAtColumn() != null) ? ", " + t.doneAtColumn() + " = now()" : "");
	}

	private static String failSql(WorkTable t) {
		return """
				UPDATE %1$s q SET attempts = q.attempts + 1, last_error = x.error,
				    next_attempt_at = CASE WHEN x.park THEN q.next_attempt_at
				                           ELSE now() + (x.delay_ms * interval '1 millisecond') END,
				    status = CASE WHEN x.park THEN 'dead' ELSE q.status END%4$s
				FROM unnest(?::%2$s[], ?::int[], ?::bigint[], ?::text[], ?::boolean[])
				     AS x (id, attempts, delay_ms, error, park)
				WHERE q.%3$s = x.id AND q.attempts = x.attempts AND q.status = 'pending'
				RETURNING q.%3$s AS work_id, x.park AS work_parked"""
			.formatted(t.table(), t.idType(), t.idColumn(), (t.parkedAtColumn() != null)
					? ", " + t.parkedAtColumn() + " = CASE WHEN x.park THEN now() ELSE q." + t.parkedAtColumn() + " END"
					: "");
	}

}
