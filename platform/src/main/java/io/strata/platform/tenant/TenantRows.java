package io.strata.platform.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes every row of one tenant from a service's tenant tables and from its outbox (the
 * tenant's events not yet published), for the service's erasure of a deleted tenant.
 * Deleting again finds nothing, so a redelivered deletion is harmless.
 */
public class TenantRows {

	private final TenantScope scope;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public TenantRows(TenantScope scope, JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.scope = scope;
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/**
	 * @param tables tables with a {@code tenant_id}, each before those its foreign keys
	 * point to
	 * @return rows deleted per table
	 */
	public Map<String, Long> erase(String tenantId, List<String> tables) {
		Map<String, Long> erased = new LinkedHashMap<>();
		this.scope.run(tenantId, (status) -> {
			for (String table : tables) {
				// row-level security keeps this to the tenant's rows, whatever the SQL
				// says
				erased.put(table, (long) this.jdbc.update("DELETE FROM " + table + " WHERE tenant_id = ?", tenantId));
			}
		});
		// the outbox is the relay's, outside every tenant's scope: as the service's role
		erased.put("strata_outbox", this.transactions
			.execute((status) -> (long) this.jdbc.update("DELETE FROM strata_outbox WHERE tenant_id = ?", tenantId)));
		return erased;
	}

}
