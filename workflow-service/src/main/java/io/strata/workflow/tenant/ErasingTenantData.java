package io.strata.workflow.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.platform.tenant.TenantErasures;
import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases a deleted tenant's resource types, resources, workflow runs (the operations),
 * their step attempts and signals, and its events still waiting in the outbox. Erasing
 * again finds nothing, so a redelivered deletion is harmless, and it also removes what a
 * late writer (a run step that was under way) left behind the first time.
 */
@Component
class ErasingTenantData {

	/** The tenant's tables, children before the runs their foreign keys point to. */
	static final List<String> ERASED = List.of("step_attempt", "run_signal", "workflow_run", "resource",
			"resource_type");

	private final TenantScope scope;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TenantErasures erasures;

	ErasingTenantData(TenantScope scope, JdbcTemplate jdbc, TransactionTemplate transactions, TenantErasures erasures) {
		this.scope = scope;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.erasures = erasures;
	}

	void erase(String tenantId) {
		Map<String, Long> erased = new LinkedHashMap<>();
		this.scope.run(tenantId, (status) -> {
			for (String table : ERASED) {
				// row-level security keeps this to the tenant's rows, whatever the SQL
				// says
				erased.put(table, (long) this.jdbc.update("DELETE FROM " + table + " WHERE tenant_id = ?", tenantId));
			}
		});
		// the outbox is the relay's, outside every tenant's scope: as the service's role
		erased.put("strata_outbox", this.transactions
			.execute((status) -> (long) this.jdbc.update("DELETE FROM strata_outbox WHERE tenant_id = ?", tenantId)));
		this.erasures.erased(tenantId, erased);
	}

}
