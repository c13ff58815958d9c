package io.strata.identity.audit;

import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.identity.support.SqlFilter;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.security.TenantAdmin;
import io.strata.platform.web.OrderBy;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's audit log: newest first, and a check of its hash chain. Tenant admins
 * only.
 */
@RestController
@Tag(name = "audit-entries")
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

	private final AuditEntries entries;

	private final JsonMapper json;

	AuditController(AuditEntries entries, JsonMapper json) {
		this.entries = entries;
		this.json = json;
	}

	@Schema(name = "AuditEntry", description = "One entry of the tenant's hash-chained audit log.")
	record AuditEntryView(@Schema(example = "6f1c2a9e-3b1d-4f7e-9a52-1c8e0d4b7a31") String id,
			@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(description = "The entry's number in the tenant's log, from 1", example = "42") long seq,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String occurredAt,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String actor,
			@Schema(example = "user.created") String action,
			@Schema(example = "usr_01J9Z3K4XG8M2V6T7Q5W0R1B2D") String target,
			@Schema(description = "What the action changed (free-form JSON)") JsonNode details,
			@Schema(example = "9c1185a5c5e9fc54612808977ee8f548b2258d31") String prevHash,
			@Schema(example = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c4") String hash) {

	}

	/**
	 * Newest first unless {@code order_by} says otherwise ({@code seq} or
	 * {@code occurred_at}, asc or desc); {@code action} (kept for existing callers) and
	 * an AIP-160 {@code filter} such as
	 * {@code type = "user.created" AND actor = "usr_..."}.
	 */
	@GetMapping("/v2/audit")
	@Operation(operationId = "listAuditEntries", summary = "List the tenant's audit log, newest first")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	Page<AuditEntryView> list(PageRequest page, @RequestParam(name = "action", required = false) String action,
			@RequestParam(name = "filter", required = false) String filter,
			@RequestParam(name = "order_by", required = false) String orderBy) {
		Caller caller = Caller.current();
		OrderBy order = OrderBy.parse(orderBy, NEWEST_FIRST, Set.of("seq", "occurred_at"));
		SqlFilter.Condition condition = SqlFilter.translate(filter, FILTER_FIELDS);
		List<AuditEntry> rows = this.entries.page(caller.tenantId(), page.afterNumber(), action, condition, order,
				page.limit());
		return page.page(rows, (entry) -> Long.toString(entry.seq())).map(this::view);
	}

	@GetMapping("/v2/audit/verify")
	@Operation(operationId = "verifyAuditLog", summary = "Check the hash chain of the tenant's audit log")
	@TenantAdmin(scope = RouteScopes.IDENTITY_ADMIN)
	AuditVerification verify() {
		return this.entries.verify(Caller.current().tenantId());
	}

	private AuditEntryView view(AuditEntry entry) {
		return new AuditEntryView(entry.id().toString(), entry.tenantId(), entry.seq(), entry.occurredAt().toString(),
				entry.actor(), entry.action(), entry.target(), this.json.readTree(entry.details()), entry.prevHash(),
				entry.hash());
	}

}
