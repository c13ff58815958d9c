package io.strata.identity.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.identity.client.CachedClients;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.TenantDeleted;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A platform admin deletes a tenant. First the tenant is marked deleted, which refuses it
 * everywhere a suspension does, and {@code identity.tenant.deleted} goes out so the other
 * services erase their data of the tenant. Then identity erases its own rows of the
 * tenant, and records that in the tenant's erasure report, which the other services'
 * reports complete ({@link TenantErasureReports}). The audit log stays: it is append-only
 * and hash-chained (erasing a chain would break what it proves), and the tenant row stays
 * as its owner and so the tenant's unexpired tokens keep being refused.
 * <p>
 * The steps are separate transactions (the authorization server's store is outside the
 * tenant's scope); a crash in between leaves a deleted tenant with rows that can no
 * longer be used, and deleting again finishes the erasure.
 */
@Component
class DeletingTenants {

	/**
	 * Identity's tables holding rows of a tenant, in an order that satisfies their
	 * foreign keys; everything with a {@code tenant_id} but the audit log.
	 */
	static final List<String> ERASED = List.of("user_group_members", "user_groups", "scim_users", "scim_tokens",
			"mfa_recovery_codes", "mfa_challenges", "mfa_totp", "password_reset_tokens", "invitations",
			"refresh_tokens", "refresh_token_families", "api_keys", "oauth_clients", "users", "roles");

	private final TenantScope scope;

	private final Tenants tenants;

	private final TenantHistory history;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final TenantErasureReports reports;

	private final CachedClients clients;

	DeletingTenants(TenantScope scope, Tenants tenants, TenantHistory history, JdbcTemplate jdbc,
			TransactionTemplate transactions, TenantErasureReports reports, CachedClients clients) {
		this.clients = clients;
		this.scope = scope;
		this.tenants = tenants;
		this.history = history;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.reports = reports;
	}

	record DeleteTenant(String tenantId, String actor, String actorTenantId, String ifMatch) {

	}

	void delete(DeleteTenant command) {
		if (command.tenantId().equals(command.actorTenantId())) {
			throw ProblemException.conflict("You cannot delete your own tenant");
		}
		String[] clientIds = this.scope.call(command.tenantId(), (status) -> {
			Tenant tenant = this.tenants.lock(command.tenantId(), command.ifMatch());
			if (tenant.status() != Tenant.Status.DELETED) {
				this.tenants.setStatus(tenant.id(), Tenant.Status.DELETED);
				this.history.record(tenant.id(), command.actor(), "deleted", Map.of("name", tenant.name()),
						TenantDeleted.newBuilder().setTenantId(tenant.id()).build());
			}
			return this.jdbc.queryForList("SELECT client_id FROM oauth_clients", String.class).toArray(String[]::new);
		});
		// the clients' protocol side, as the service (outside every tenant's scope)
		this.transactions.executeWithoutResult((status) -> {
			String registrations = "SELECT id FROM oauth2_registered_client WHERE client_id = ANY (?)";
			this.jdbc.update("DELETE FROM oauth2_spent_refresh_token WHERE authorization_id IN"
					+ " (SELECT id FROM oauth2_authorization WHERE registered_client_id IN (" + registrations + "))",
					(Object) clientIds);
			this.jdbc.update("DELETE FROM oauth2_authorization WHERE registered_client_id IN (" + registrations + ")",
					(Object) clientIds);
			this.jdbc.update("DELETE FROM oauth2_registered_client WHERE client_id = ANY (?)", (Object) clientIds);
		});
		for (String clientId : clientIds) {
			this.clients.evict(clientId);
		}
		Map<String, Long> erased = this.scope.call(command.tenantId(), (status) -> {
			Map<String, Long> counts = new LinkedHashMap<>();
			for (String table : ERASED) {
				// row-level security keeps this to the tenant's rows, whatever the SQL
				// says
				counts.put(table,
						(long) this.jdbc.update("DELETE FROM " + table + " WHERE tenant_id = ?", command.tenantId()));
			}
			counts.put("oauth2_registered_client", (long) clientIds.length);
			this.history.audit(command.tenantId(), command.actor(), "erased", counts);
			return counts;
		});
		this.reports.record(command.tenantId(), TenantErasureReports.IDENTITY, erased);
	}

}
