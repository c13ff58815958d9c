package io.strata.workflow.engine;

import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.engine.model.StepCall;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Signals sent to runs (table {@code run_signal}): recorded once per name, read by the
 * step that waits for them.
 */
@Repository
class RunSignals {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final TenantScope tenants;

	RunSignals(JdbcTemplate jdbc, JsonMapper json, TenantScope tenants) {
		this.jdbc = jdbc;
		this.json = json;
		this.tenants = tenants;
	}

	/**
	 * Records a signal inside the caller's tenant transaction; a run waiting for it
	 * becomes due at once. False when the run got it already.
	 */
	boolean record(String runId, String tenantId, String name, Map<String, Object> payload) {
		int stored = this.jdbc.update("""
				INSERT INTO run_signal (run_id, tenant_id, name, payload) VALUES (?, ?, ?, ?::jsonb)
				ON CONFLICT (run_id, name) DO NOTHING""", runId, tenantId, name, this.json.writeValueAsString(payload));
		this.jdbc.update("UPDATE workflow_run SET due_at = clock_timestamp() WHERE id = ? AND status = 'waiting'",
				runId);
		return stored == 1;
	}

	/** The signals the run has received, each read in a tenant transaction of its own. */
	StepCall.Signals of(Run run) {
		return (name) -> this.tenants.call(run.tenantId(), (status) -> find(run.id(), name));
	}

	private Optional<Map<String, Object>> find(String runId, String name) {
		return this.jdbc
			.query("SELECT payload::text FROM run_signal WHERE run_id = ? AND name = ?",
					(row, i) -> this.json.readValue(row.getString(1), MAP), runId, name)
			.stream()
			.findFirst();
	}

}
