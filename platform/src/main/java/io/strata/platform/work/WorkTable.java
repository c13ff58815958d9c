package io.strata.platform.work;

import java.util.regex.Pattern;

/**
 * Where a queue's items live: a table of the service's own, so an item is written in the
 * same transaction as the state that caused it, and its row-level security applies to
 * outcomes. The table has the queue's columns: {@code status} ({@code 'pending'} while
 * queued, {@link #doneStatus} once completed, {@code 'dead'} once parked),
 * {@code attempts INT}, {@code next_attempt_at TIMESTAMPTZ} (visible-after: the lease and
 * the backoff both move it) and {@code last_error TEXT}, with a partial index on
 * {@code (next_attempt_at, id)} (with a fairness key: {@code (key, next_attempt_at, id)},
 * which the claim also skips through to find the keys with pending items)
 * {@code WHERE status = 'pending'}.
 * <p>
 * The SQL fragments are constants of the code that defines the queue, never input.
 *
 * @param table the table
 * @param idColumn its primary key column
 * @param idType the key's SQL type, {@code bigint} or {@code text}
 * @param keyColumn the fairness key (at most so many items per key in flight), or null
 * @param eligible an extra condition on the item, alias {@code q} (e.g. its endpoint is
 * enabled), or null
 * @param payloadFrom tables joined to return the payload with the claim (e.g.
 * {@code webhook_message m}), or null
 * @param payloadWhere the join condition for {@code payloadFrom}, or null
 * @param payloadColumns the payload columns the {@link WorkQueue}'s mapper reads, or null
 * @param doneStatus the status of a completed item; null deletes completed items
 * @param doneAtColumn a timestamp column set on completion, or null
 * @param parkedAtColumn a timestamp column set when an item is parked, or null
 */
public record WorkTable(String table, String idColumn, String idType, String keyColumn, String eligible,
		String payloadFrom, String payloadWhere, String payloadColumns, String doneStatus, String doneAtColumn,
		String parkedAtColumn) {

	private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

	public WorkTable {
		for (String name : new String[] { table, idColumn }) {
			if (name == null || !NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("Not a plain SQL name: " + name);
			}
		}
		if (!"bigint".equals(idType) && !"text".equals(idType)) {
			throw new IllegalArgumentException("idType is bigint or text, not " + idType);
		}
	}

	/** A table with a {@code bigint} id, no fairness key, no payload. */
	public static WorkTable of(String table, String idColumn, String idType) {
		return new WorkTable(table, idColumn, idType, null, null, null, null, null, "done", null, null);
	}

	public WorkTable fairBy(String column) {
		return new WorkTable(this.table, this.idColumn, this.idType, column, this.eligible, this.payloadFrom,
				this.payloadWhere, this.payloadColumns, this.doneStatus, this.doneAtColumn, this.parkedAtColumn);
	}

	public WorkTable eligibleWhen(String condition) {
		return new WorkTable(this.table, this.idColumn, this.idType, this.keyColumn, condition, this.payloadFrom,
				this.payloadWhere, this.payloadColumns, this.doneStatus, this.doneAtColumn, this.parkedAtColumn);
	}

	public WorkTable returning(String from, String where, String columns) {
		return new WorkTable(this.table, this.idColumn, this.idType, this.keyColumn, this.eligible, from, where,
				columns, this.doneStatus, this.doneAtColumn, this.parkedAtColumn);
	}

	public WorkTable whenDone(String status, String atColumn) {
		return new WorkTable(this.table, this.idColumn, this.idType, this.keyColumn, this.eligible, this.payloadFrom,
				this.payloadWhere, this.payloadColumns, status, atColumn, this.parkedAtColumn);
	}

	public WorkTable deletedWhenDone() {
		return whenDone(null, null);
	}

	public WorkTable whenParked(String atColumn) {
		return new WorkTable(this.table, this.idColumn, this.idType, this.keyColumn, this.eligible, this.payloadFrom,
				this.payloadWhere, this.payloadColumns, this.doneStatus, this.doneAtColumn, atColumn);
	}

}
