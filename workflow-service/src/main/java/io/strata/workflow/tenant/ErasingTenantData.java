package io.strata.workflow.tenant;

import java.util.List;

import io.strata.platform.tenant.TenantErasures;
import io.strata.platform.tenant.TenantRows;

import org.springframework.stereotype.Component;

/**
 * Erases a deleted tenant's resource types, resources, workflow runs (the operations),
 * their step attempts and signals, and its events still waiting in the outbox. Erasing
 * again also removes what a late writer (a run step under way) left the first time.
 */
@Component
class ErasingTenantData {

	/** The tenant's tables, children before the runs their foreign keys point to. */
	static final List<String> TABLES = List.of("step_attempt", "run_signal", "workflow_run", "resource",
			"resource_type");

	private final TenantRows rows;

	private final TenantErasures erasures;

	ErasingTenantData(TenantRows rows, TenantErasures erasures) {
		this.rows = rows;
		this.erasures = erasures;
	}

	void erase(String tenantId) {
		this.erasures.erased(tenantId, this.rows.erase(tenantId, TABLES));
	}

}
