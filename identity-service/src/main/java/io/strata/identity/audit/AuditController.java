package io.strata.identity.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;
import io.strata.identity.support.SqlFilter;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.OrderBy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's audit log: newest first, and a check of its hash chain. Tenant admins
 * only.
 */
@RestController
class AuditController {

	// "type" is the same as "action": the name events carry elsewhere
	/** Entries are numbered as they are written, so seq order is occurred_at order. */
	private static final OrderBy NEWEST_FIRST = new OrderBy("seq", true);

	private static final Map<String, SqlFilter.Field> FILTER_FIELDS = Map.of("action",
			SqlFilter.Field.of("action", SqlFilter.Type.STRING), "type",
			SqlFilter.Field.of("action", SqlFilter.Type.STRING), "actor",
			SqlFilter.Field.of("actor", SqlFilter.Type.STRING), "target",
			SqlFilter.Field.of("target", SqlFilter.Type.STRING), "seq",
			SqlFilter.Field.of("seq", SqlFilter.Type.NUMBER), "occurred_at",
			SqlFilter.Field.of("occurred_at", SqlFilter.Type.TIMESTAMP));

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AuditController(TenantScope tenants, JdbcTemplate jdbc, JsonMapper json) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Newest first unless {@code order_by} says otherwise ({@code seq} or
	 * {@code occurred_at}, asc or desc); {@code action} (kept for existing callers) and
	 * an AIP-160 {@code filter} such as
	 * {@code type = "user.created" AND actor = "usr_..."}.
	 */
	@GetMapping("/v2/audit")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		Long after = Pages.decodeLong(pageToken);
		OrderBy order = OrderBy.parse(orderBy, NEWEST_FIRST, Set.of("seq", "occurred_at"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<Object> parameters = new ArrayList<>();
		parameters.add(after);
		parameters.add(after);
		parameters.add(action);
		parameters.add(action);
		parameters.addAll(condition.parameters());
		parameters.add(size + 1);
		List<AuditEntry> rows = this.tenants.call(caller.tenantId(),
				(status) -> this.jdbc.query("SELECT * FROM audit_log WHERE (?::bigint IS NULL OR seq " + order.after()
						+ " ?) AND (?::text IS NULL OR action = ?) AND " + condition.sql() + " ORDER BY seq "
						+ order.direction() + " LIMIT ?", AuditLog.ROWS, parameters.toArray()));
		return Pages.page(rows, size, (entry) -> Long.toString(entry.seq()), this::view);
	}

	@GetMapping("/v2/audit/verify")
	AuditVerification verify() {
		Caller caller = Caller.admin();
		return this.tenants.call(caller.tenantId(), (status) -> {
			AuditVerification.Builder result = new AuditVerification.Builder();
			this.jdbc.query("SELECT * FROM audit_log ORDER BY seq", (rs) -> {
				result.check(AuditLog.ROWS.mapRow(rs, 0));
			});
			return result.build();
		});
	}

	private Map<String, Object> view(AuditEntry entry) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", entry.id().toString());
		view.put("tenant_id", entry.tenantId());
		view.put("seq", entry.seq());
		view.put("occurred_at", entry.occurredAt().toString());
		view.put("actor", entry.actor());
		view.put("action", entry.action());
		view.put("target", entry.target());
		view.put("details", this.json.readValue(entry.details(), Map.class));
		view.put("prev_hash", entry.prevHash());
		view.put("hash", entry.hash());
		return view;
	}

}
