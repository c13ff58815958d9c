package io.strata.platform.tenant;

import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a database transaction bound to one tenant: the transaction switches to
 * the non-superuser role {@code strata_app} and sets {@code app.tenant_id}, so PostgreSQL
 * row-level security lets it see and change only that tenant's rows, whatever the SQL
 * says. Both settings end with the transaction.
 */
public class TenantScope {

	/**
	 * The role tenant-scoped transactions run as (created by the platform's migration).
	 */
	public static final String APP_ROLE = "strata_app";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public TenantScope(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	public <T> T call(String tenantId, TransactionCallback<T> work) {
		if (tenantId == null || tenantId.isBlank()) {
			throw new IllegalArgumentException("A tenant-scoped transaction needs a tenant id");
		}
		return this.transactions.execute((status) -> {
			bind(tenantId);
			return work.doInTransaction(status);
		});
	}

	public void run(String tenantId, Consumer<TransactionStatus> work) {
		call(tenantId, (status) -> {
			work.accept(status);
			return null;
		});
	}

	/** The same, for the tenant of the current request ({@link TenantContext}). */
	public <T> T callForCurrentTenant(TransactionCallback<T> work) {
		return call(TenantContext.requireTenant(), work);
	}

	private void bind(String tenantId) {
		this.jdbc.execute("SET LOCAL ROLE " + APP_ROLE);
		this.jdbc.queryForObject("SELECT set_config('app.tenant_id', ?, true)", String.class, tenantId);
	}

}
