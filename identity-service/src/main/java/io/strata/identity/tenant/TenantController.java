package io.strata.identity.tenant;

import java.net.URI;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.PlatformAdmin;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenants, managed by platform admins. A tenant's own admin may read their tenant; any
 * other tenant is not found for them (a 403 would tell that it exists).
 */
@RestController
@Tag(name = "tenants")
class TenantController {

	private final Tenants tenants;

	private final ProvisioningTenants provisioning;

	private final UpdatingTenants updating;

	private final SuspendingTenants suspending;

	private final DeletingTenants deleting;

	private final TenantErasureReports erasures;

	TenantController(Tenants tenants, ProvisioningTenants provisioning, UpdatingTenants updating,
			SuspendingTenants suspending, DeletingTenants deleting, TenantErasureReports erasures) {
		this.erasures = erasures;
		this.tenants = tenants;
		this.provisioning = provisioning;
		this.updating = updating;
		this.suspending = suspending;
		this.deleting = deleting;
	}

	@Schema(description = "A new tenant and the email of its first admin.")
	record CreateTenantRequest(@Schema(example = "Acme Corp") String name,
			@Schema(example = "pro") @Nullable String plan, @Schema(example = "admin@acme.example") String adminEmail) {

	}

	@Schema(description = "The fields to change; absent ones stay as they are.")
	record UpdateTenantRequest(@Schema(example = "Acme Corp") @Nullable String name,
			@Schema(example = "enterprise") @Nullable String plan,
			@Schema(example = "{\"rate_limit_per_second\": 200}") @Nullable Map<String, @Nullable JsonNode> limits) {

	}

	@Schema(name = "Tenant", description = "A tenant: one customer organisation and everything it owns.")
	record TenantView(@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "Acme Corp") String name, @Schema(example = "pro") String plan,
			@Schema(example = "active", allowableValues = {
					"active", "suspended", "deleted" }) String status,
			@Schema(example = "{\"rate_limit_per_second\": 100}") Map<String, Long> limits,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String updatedAt){

		static TenantView of(Tenant tenant) {
			return new TenantView(tenant.id(), tenant.name(), tenant.plan(), tenant.status().value(), tenant.limits(),
					tenant.createdAt().toString(), tenant.updatedAt().toString());
		}

	}

	@Schema(name = "ProvisionedTenant",
			description = "A new tenant with its first admin's invitation and its service client; the invitation token "
					+ "and the client secret are shown only here.")
	record ProvisionedTenantView(@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "Acme Corp") String name, @Schema(example = "pro") String plan,
			@Schema(example = "active") String status, Map<String, Long> limits,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String createdAt,
			@Schema(format = "date-time", example = "2026-01-15T09:30:00Z") String updatedAt,
			AdminInvitation adminInvitation, ProvisionedClient client) {

	}

	@Schema(description = "The invitation of a new tenant's first admin, with its token (shown once).")
	record AdminInvitation(@Schema(example = "inv_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "admin@acme.example") String email, @Schema(example = "[\"admin\"]") List<String> roles,
			@Schema(format = "date-time", example = "2026-01-22T09:30:00Z") String expiresAt,
			@Schema(example = "inv_tok_3q2+7w...") String token) {

	}

	@Schema(description = "A new tenant's service client, with its secret (shown once).")
	record ProvisionedClient(@Schema(example = "cli_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String clientId,
			@Schema(example = "cs_5f1d...") String clientSecret, @Schema(example = "Acme Corp service") String name,
			@Schema(example = "[\"resources.read\", \"resources.write\"]") List<String> scopes) {

	}

	@Schema(name = "DeletedTenant",
			description = "A deleted tenant; the other services erase its data in the background, as its erasure "
					+ "report tells.")
	record DeletedTenantView(@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String id,
			@Schema(example = "deleted") String status, TenantErasureView erasure) {

	}

	@Schema(name = "TenantErasure",
			description = "The erasure of a deleted tenant's data across the platform's stores: running until every "
					+ "service that holds tenant data has erased it.")
	record TenantErasureView(@Schema(example = "ten_01J9Z3K4XG8M2V6T7Q5W0R1B2C") String tenantId,
			@Schema(example = "running", allowableValues = {
					"running", "succeeded" }) String status,
			List<ServiceErasureView> services){

		static TenantErasureView of(String tenantId, TenantErasureReports reports) {
			Map<String, TenantErasureReports.ServiceErasure> received = reports.reports(tenantId);
			List<ServiceErasureView> services = reports.services().stream().map((service) -> {
				TenantErasureReports.ServiceErasure report = received.get(service);
				return (report != null)
						? new ServiceErasureView(service, "erased", report.erased(), report.erasedAt().toString())
						: new ServiceErasureView(service, "pending", Map.of(), null);
			}).toList();
			boolean done = services.stream().allMatch((service) -> service.status().equals("erased"));
			return new TenantErasureView(tenantId, done ? "succeeded" : "running", services);
		}

	}

	@Schema(name = "ServiceErasure", description = "One service's erasure of a deleted tenant's data.")
	record ServiceErasureView(@Schema(example = "workflow-service") String service,
			@Schema(example = "erased", allowableValues = {
					"pending", "erased" }) String status,
			@Schema(description = "Records erased per store (table, index).",
					example = "{\"resources\": 1200}") Map<String, Long> erased,
			@Schema(format = "date-time", example = "2026-01-15T09:30:02Z") @Nullable String erasedAt){

	}

	/**
	 * The tenant, its first admin's invitation and its service client; the invitation
	 * token and the client secret are shown this once.
	 */
	@PostMapping("/v2/tenants")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createTenant", summary = "Create a tenant with its first admin's invitation")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	ResponseEntity<ProvisionedTenantView> create(@RequestBody CreateTenantRequest request) {
		Caller caller = Caller.current();
		ProvisioningTenants.Provisioned provisioned = this.provisioning
			.provision(new ProvisioningTenants.ProvisionTenant(caller.subject(), request.name(), request.plan(),
					request.adminEmail()));
		TenantView tenant = TenantView.of(provisioned.tenant());
		var invited = provisioned.adminInvitation();
		AdminInvitation invitation = new AdminInvitation(invited.invitation().id(), invited.invitation().email(),
				invited.invitation().roles(), invited.invitation().expiresAt().toString(), invited.token());
		ProvisionedClient client = new ProvisionedClient(provisioned.client().clientId(),
				provisioned.client().clientSecret(), provisioned.client().name(),
				provisioned.client().scopes().stream().sorted().toList());
		ProvisionedTenantView view = new ProvisionedTenantView(tenant.id(), tenant.name(), tenant.plan(),
				tenant.status(), tenant.limits(), tenant.createdAt(), tenant.updatedAt(), invitation, client);
		return ResponseEntity.status(HttpStatus.CREATED).eTag(provisioned.tenant().etag()).body(view);
	}

	@GetMapping("/v2/tenants/{id}")
	@Operation(operationId = "getTenant", summary = "Get a tenant")
	ResponseEntity<TenantView> get(@PathVariable String id) {
		Caller caller = Caller.current();
		if (id.equals(caller.tenantId())) {
			if (!caller.isAdmin(RouteScopes.IDENTITY_ADMIN)) {
				throw ProblemException.forbidden();
			}
		}
		else if (!caller.isPlatformAdmin(RouteScopes.IDENTITY_KEYS)) {
			// another tenant's id is as unknown as a made-up one
			throw ProblemException.notFound("Tenant", id);
		}
		return answer(this.tenants.find(id).orElseThrow(() -> ProblemException.notFound("Tenant", id)));
	}

	/** Every tenant, deleted ones included, by id. */
	@GetMapping("/v2/tenants")
	@Operation(operationId = "listTenants", summary = "List every tenant")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	Page<TenantView> list(PageRequest page) {
		List<Tenant> rows = this.tenants.page(page.after(), page.limit());
		return page.page(rows, Tenant::id).map(TenantView::of);
	}

	@PatchMapping("/v2/tenants/{id}")
	@Operation(operationId = "updateTenant", summary = "Change a tenant's name, plan or limits")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	ResponseEntity<TenantView> update(@PathVariable String id, @RequestBody UpdateTenantRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		return answer(this.updating
			.update(new UpdatingTenants.UpdateTenant(id, caller.subject(), ifMatch, request.name(), request.plan(),
					(request.limits() != null) ? TenantFields.limitValues(request.limits()) : null)));
	}

	@PostMapping("/v2/tenants/{id}/suspend")
	@Operation(operationId = "suspendTenant", summary = "Suspend a tenant")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	ResponseEntity<TenantView> suspend(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return answer(this.suspending.suspend(statusChange(id, ifMatch)));
	}

	@PostMapping("/v2/tenants/{id}/resume")
	@Operation(operationId = "resumeTenant", summary = "Resume a suspended tenant")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	ResponseEntity<TenantView> resume(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return answer(this.suspending.resume(statusChange(id, ifMatch)));
	}

	/**
	 * 202: the tenant is deleted and identity's data of it erased; the other services
	 * erase theirs when they get {@code identity.tenant.deleted}.
	 */
	@DeleteMapping("/v2/tenants/{id}")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "deleteTenant", summary = "Delete a tenant and erase its data")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	ResponseEntity<DeletedTenantView> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.current();
		this.deleting.delete(new DeletingTenants.DeleteTenant(id, caller.subject(), caller.tenantId(), ifMatch));
		return ResponseEntity.accepted()
			.location(URI.create("/v2/tenants/" + id + "/erasure"))
			.body(new DeletedTenantView(id, Tenant.Status.DELETED.value(), TenantErasureView.of(id, this.erasures)));
	}

	/** 404 until the tenant is deleted. */
	@GetMapping("/v2/tenants/{id}/erasure")
	@Operation(operationId = "getTenantErasure", summary = "Follow the erasure of a deleted tenant's data")
	@PlatformAdmin(scope = RouteScopes.IDENTITY_KEYS)
	TenantErasureView erasure(@PathVariable String id) {
		this.tenants.find(id)
			.filter((tenant) -> tenant.status() == Tenant.Status.DELETED)
			.orElseThrow(() -> ProblemException.notFound("Tenant erasure", id));
		return TenantErasureView.of(id, this.erasures);
	}

	private static SuspendingTenants.ChangeStatus statusChange(String id, String ifMatch) {
		Caller caller = Caller.current();
		return new SuspendingTenants.ChangeStatus(id, caller.subject(), caller.tenantId(), ifMatch);
	}

	private static ResponseEntity<TenantView> answer(Tenant tenant) {
		return ResponseEntity.ok().eTag(tenant.etag()).body(TenantView.of(tenant));
	}

}
