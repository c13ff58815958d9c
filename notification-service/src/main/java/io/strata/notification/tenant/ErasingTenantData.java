package io.strata.notification.tenant;

import java.util.List;

import io.strata.platform.tenant.TenantErasures;
import io.strata.platform.tenant.TenantRows;

import org.springframework.stereotype.Component;

/**
 * Erases a deleted tenant's webhook endpoints, messages, deliveries (dead letters
 * included), attempts and recoveries, and its events still waiting in the outbox. Erasing
 * again finds nothing, so a redelivered deletion is harmless.
 */
@Component
public class ErasingTenantData {

	/** The tenant's tables, each before those its foreign keys point to. */
	static final List<String> TABLES = List.of("webhook_attempt", "webhook_delivery", "webhook_recovery",
			"webhook_message", "webhook_endpoint");

	private final TenantRows rows;

	private final TenantErasures erasures;

	ErasingTenantData(TenantRows rows, TenantErasures erasures) {
		this.rows = rows;
		this.erasures = erasures;
	}

	public void erase(String tenantId) {
		this.erasures.erased(tenantId, this.rows.erase(tenantId, TABLES));
	}

}
