package io.strata.identity.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only, hash-chained audit log. Each tenant has its own chain, so a tenant
 * verifies its chain under row-level security without seeing anyone else's entries.
 * Platform-wide events (scheduled key rotation) go to the {@link #SYSTEM_TENANT} chain.
 */
@Component
public class AuditLog {

	/** The chain of events that belong to no tenant. */
	public static final String SYSTEM_TENANT = "system";

	static final RowMapper<AuditEntry> ROWS = (rs, row) -> new AuditEntry(rs.getString("tenant_id"), rs.getLong("seq"),
			rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
			rs.getString("action"), rs.getString("target"), rs.getString("details"), rs.getString("prev_hash"),
			rs.getString("hash"));

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	public AuditLog(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Appends an entry to the tenant's chain, in the caller's (tenant-scoped)
	 * transaction: the entry commits with the change it records, or not at all.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public AuditEntry append(String tenantId, String actor, String action, String target, Map<String, ?> details) {
		// one writer per chain at a time; the lock ends with the transaction
		this.jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", Object.class,
				"audit:" + tenantId);
		List<AuditEntry> last = this.jdbc.query("SELECT * FROM audit_log WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1",
				ROWS, tenantId);
		long seq = last.isEmpty() ? 1 : last.get(0).seq() + 1;
		String prevHash = last.isEmpty() ? AuditEntry.GENESIS : last.get(0).hash();
		// PostgreSQL keeps microseconds: hash exactly what is stored
		Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
		AuditEntry unhashed = new AuditEntry(tenantId, seq, UUID.randomUUID(), at, actor, action, target,
				this.json.writeValueAsString(new TreeMap<>(details)), prevHash, null);
		AuditEntry entry = new AuditEntry(tenantId, seq, unhashed.id(), at, actor, action, target, unhashed.details(),
				prevHash, unhashed.computeHash());
		this.jdbc.update("""
				INSERT INTO audit_log (tenant_id, seq, id, occurred_at, actor, action, target, details, prev_hash, hash)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", entry.tenantId(), entry.seq(), entry.id(),
				Timestamp.from(entry.occurredAt()), entry.actor(), entry.action(), entry.target(), entry.details(),
				entry.prevHash(), entry.hash());
		return entry;
	}

}
