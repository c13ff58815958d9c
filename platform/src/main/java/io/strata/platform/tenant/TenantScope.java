package io.strata.platform.tenant;

import java.time.Duration;
import java.util.function.Consumer;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs work in a database transaction bound to one tenant: the transaction switches to
 * the non-superuser role {@code strata_app} and sets {@code app.tenant_id}, so PostgreSQL
 * row-level security lets it see and change only that tenant's rows, whatever the SQL
 * says. Both settings end with the transaction.
 * <p>
 * A transaction PostgreSQL aborts to break a deadlock or a serialization conflict
 * ({@link PessimisticLockingFailureException}) is run again, up to three times with a
 * short jittered backoff: such an abort says nothing about the request, only that it met
 * another one (a webhook endpoint deleted while deliveries to it are written). A
 * transaction joined from an outer one is not retried here: the outer one must be.
 */
public class TenantScope {

	/**
	 * The role tenant-scoped transactions run as (created by the platform's migration).
	 */
	public static final String APP_ROLE = "strata_app";

	private static final RetryTemplate CONFLICTS = new RetryTemplate(RetryPolicy.builder()
		.includes(PessimisticLockingFailureException.class)
		.maxRetries(3)
		.delay(Duration.ofMillis(20))
		.jitter(Duration.ofMillis(20))
		.multiplier(2)
		.build());

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
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return inTransaction(tenantId, work);
		}
		return CONFLICTS.invoke(() -> inTransaction(tenantId, work));
	}

	private <T> T inTransaction(String tenantId, TransactionCallback<T> work) {
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

	/**
	 * {@code SET LOCAL ROLE} and the tenant in one round trip: {@code set_config('role',
	 * …, true)} is what {@code SET LOCAL ROLE} does (PostgREST binds its roles the same
	 * way); both last until the transaction ends.
	 */
	private void bind(String tenantId) {
		this.jdbc.queryForList("SELECT set_config('role', ?, true), set_config('app.tenant_id', ?, true)", APP_ROLE,
				tenantId);
	}

}
