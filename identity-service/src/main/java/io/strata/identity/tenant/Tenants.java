package io.strata.identity.tenant;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.github.benmanes.caffeine.cache.Cache;

import io.strata.identity.cache.LocalCaches;
import io.strata.identity.config.IdentityProperties;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenants table. The table has row-level security like every tenant table: under a
 * tenant's scope only that tenant's own row is visible, so reading or changing one tenant
 * runs in that tenant's {@link TenantScope}. Listing every tenant is the one read that
 * must cross tenants: {@link #page} runs as the service's login role, which owns the
 * table and so bypasses its policy, and only the platform-admin endpoint calls it.
 */
@Component
public class Tenants {

	private static final TypeReference<Map<String, Long>> LIMITS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final TenantScope scope;

	private final JsonMapper json;

	private final RowMapper<Tenant> rows;

	private final Cache<String, Tenant.Status> statuses;

	Tenants(JdbcTemplate jdbc, TenantScope scope, JsonMapper json, LocalCaches caches, IdentityProperties properties) {
		this.statuses = caches.cache("tenant", properties.caches().tenantStatusTtl());
		this.jdbc = jdbc;
		this.scope = scope;
		this.json = json;
		this.rows = (rs, row) -> new Tenant(rs.getString("id"), rs.getString("name"), rs.getString("plan"),
				Tenant.Status.of(rs.getString("status")), json.readValue(rs.getString("limits"), LIMITS),
				rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("updated_at").toInstant());
	}

	/** The tenant, read in its own scope; empty for an unknown id. */
	public Optional<Tenant> find(String tenantId) {
		return this.scope.call(tenantId,
				(status) -> this.jdbc.query("SELECT * FROM tenants WHERE id = ?", this.rows, tenantId)
					.stream()
					.findFirst());
	}

	/**
	 * The tenant's status; empty for an unknown id. Inside a running transaction it reads
	 * in the tenant's scope. Outside one (every token request and sign-in asks) it comes
	 * from memory, kept for {@code strata.identity.caches.tenant-status-ttl} and dropped
	 * when the status changes ({@link #setStatus} on this instance, PostgreSQL's
	 * notification on the others, see {@link LocalCaches}), else read with one statement
	 * as the login role, like {@link #page}: it names the tenant by id and returns only
	 * its status, and a tenant-scoped transaction would cost two more round trips.
	 */
	public Optional<Tenant.Status> status(String tenantId) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return this.scope.call(tenantId, (status) -> readStatus(tenantId));
		}
		return Optional.ofNullable(this.statuses.get(tenantId, (id) -> readStatus(id).orElse(null)));
	}

	private Optional<Tenant.Status> readStatus(String tenantId) {
		return this.jdbc.queryForList("SELECT status FROM tenants WHERE id = ?", String.class, tenantId)
			.stream()
			.map(Tenant.Status::of)
			.findFirst();
	}

	/**
	 * Refuses to serve a tenant that is not active (sign-in, token refresh): a 403
	 * {@code tenant-suspended} problem.
	 */
	public void requireActive(String tenantId) {
		Tenant.Status status = status(tenantId).orElse(Tenant.Status.DELETED);
		if (status != Tenant.Status.ACTIVE) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended",
					"The organisation is " + status.value() + ": it gets no tokens. Contact the platform's operator.");
		}
	}

	/**
	 * Every tenant after {@code afterId}, by id, deleted ones included. Deliberately
	 * outside any tenant scope (see the class comment): callers must have checked that
	 * the caller administers the platform.
	 */
	List<Tenant> page(String afterId, int limit) {
		return this.jdbc.query("SELECT * FROM tenants WHERE id > ? ORDER BY id LIMIT ?", this.rows,
				(afterId != null) ? afterId : "", limit);
	}

	/**
	 * The tenant, locked for a change in the running transaction (its own scope): 404
	 * when unknown, 412 when {@code ifMatch} names another version ({@link ETags}).
	 */
	Tenant lock(String tenantId, String ifMatch) {
		Tenant tenant = this.jdbc.query("SELECT * FROM tenants WHERE id = ? FOR UPDATE", this.rows, tenantId)
			.stream()
			.findFirst()
			.orElseThrow(() -> ProblemException.notFound("Tenant", tenantId));
		ETags.check(ifMatch, tenant.version());
		return tenant;
	}

	/** As {@link #lock}, and a 409 once the tenant is deleted: it can only be read. */
	Tenant lockForChange(String tenantId, String ifMatch) {
		Tenant tenant = lock(tenantId, ifMatch);
		if (tenant.status() == Tenant.Status.DELETED) {
			throw ProblemException.conflict("The tenant is deleted");
		}
		return tenant;
	}

	/**
	 * Sets the status and returns the tenant as changed; in the running transaction, at
	 * whose end the status kept in memory is dropped.
	 */
	Tenant setStatus(String tenantId, Tenant.Status status) {
		Tenant changed = this.jdbc.queryForObject(
				"UPDATE tenants SET status = ?, version = version + 1, updated_at = now() WHERE id = ? RETURNING *",
				this.rows, status.value(), tenantId);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int outcome) {
					Tenants.this.statuses.invalidate(tenantId);
				}
			});
		}
		else {
			this.statuses.invalidate(tenantId);
		}
		return changed;
	}

	/** Changes name, plan and limits and returns the tenant as changed. */
	Tenant update(String tenantId, String name, String plan, Map<String, Long> limits) {
		return this.jdbc.queryForObject("""
				UPDATE tenants SET name = ?, plan = ?, limits = ?::jsonb, version = version + 1, updated_at = now()
				WHERE id = ? RETURNING *""", this.rows, name, plan, this.json.writeValueAsString(new TreeMap<>(limits)),
				tenantId);
	}

}
