package io.strata.identity.audit;

import java.util.ArrayList;
import java.util.List;

import io.strata.identity.support.SqlFilter;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.OrderBy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads a tenant's audit log: pages of it, and the check of its whole hash chain. */
@Component
class AuditEntries {

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	AuditEntries(TenantScope tenants, JdbcTemplate jdbc) {
		this.tenants = tenants;
		this.jdbc = jdbc;
	}

	/**
	 * Up to {@code limit} entries after {@code after} (a seq, or null for the first page)
	 * in {@code order}, of one action if given, matching the filter's condition.
	 */
	List<AuditEntry> page(String tenantId, Long after, String action, SqlFilter.Condition condition, OrderBy order,
			int limit) {
		List<Object> parameters = new ArrayList<>();
		parameters.add(after);
		parameters.add(after);
		parameters.add(action);
		parameters.add(action);
		parameters.addAll(condition.parameters());
		parameters.add(limit);
		return this.tenants.call(tenantId,
				(status) -> this.jdbc.query("SELECT * FROM audit_log WHERE (?::bigint IS NULL OR seq " + order.after()
						+ " ?) AND (?::text IS NULL OR action = ?) AND " + condition.sql() + " ORDER BY seq "
						+ order.direction() + " LIMIT ?", AuditLog.ROWS, parameters.toArray()));
	}

	/** Walks the tenant's whole chain, oldest first. */
	AuditVerification verify(String tenantId) {
		return this.tenants.call(tenantId, (status) -> {
			AuditVerification.Builder result = new AuditVerification.Builder();
			this.jdbc.query("SELECT * FROM audit_log ORDER BY seq", (rs) -> {
				result.check(AuditLog.ROWS.mapRow(rs, 0));
			});
			return result.build();
		});
	}

}
