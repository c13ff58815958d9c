package io.strata.identity.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.support.Caller;
import io.strata.identity.support.Pages;
import io.strata.platform.tenant.TenantScope;

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

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AuditController(TenantScope tenants, JdbcTemplate jdbc, JsonMapper json) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.json = json;
	}

	@GetMapping("/v2/audit")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken,
			@RequestParam(name = "action", required = false) String action) {
		Caller caller = Caller.admin();
		int size = Pages.size(pageSize);
		long before = (pageToken == null) ? Long.MAX_VALUE : Pages.decodeLong(pageToken);
		List<AuditEntry> rows = this.tenants.call(caller.tenantId(), (status) -> this.jdbc.query("""
				SELECT * FROM audit_log WHERE seq < ? AND (?::text IS NULL OR action = ?)
				ORDER BY seq DESC LIMIT ?""", AuditLog.ROWS, before, action, action, size + 1));
		List<Map<String, Object>> items = new ArrayList<>();
		rows.stream().limit(size).forEach((entry) -> items.add(view(entry)));
		String next = (rows.size() > size) ? Pages.encodeLong(rows.get(size - 1).seq()) : null;
		return Pages.page(items, next);
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
