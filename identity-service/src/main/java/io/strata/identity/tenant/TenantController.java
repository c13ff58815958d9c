package io.strata.identity.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.identity.support.Caller;
import io.strata.identity.support.ETags;
import io.strata.identity.support.Pages;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenants, managed by platform admins. A tenant's own admin may read their tenant; any
 * other tenant is not found for them (a 403 would tell that it exists).
 */
@RestController
class TenantController {

	private final Tenants tenants;

	private final ProvisioningTenants provisioning;

	private final UpdatingTenants updating;

	private final SuspendingTenants suspending;

	private final DeletingTenants deleting;

	TenantController(Tenants tenants, ProvisioningTenants provisioning, UpdatingTenants updating,
			SuspendingTenants suspending, DeletingTenants deleting) {
		this.tenants = tenants;
		this.provisioning = provisioning;
		this.updating = updating;
		this.suspending = suspending;
		this.deleting = deleting;
	}

	record CreateTenantRequest(String name, String plan, String adminEmail) {

	}

	record UpdateTenantRequest(String name, String plan, Map<String, Object> limits) {

	}

	/**
	 * The tenant, its first admin's invitation and its service client; the invitation
	 * token and the client secret are shown this once.
	 */
	@PostMapping("/v2/tenants")
	ResponseEntity<Map<String, Object>> create(@RequestBody CreateTenantRequest request) {
		Caller caller = Caller.platformAdmin();
		ProvisioningTenants.Provisioned provisioned = this.provisioning
			.provision(new ProvisioningTenants.ProvisionTenant(caller.subject(), request.name(), request.plan(),
					request.adminEmail()));
		Map<String, Object> view = view(provisioned.tenant());
		Map<String, Object> invitation = new LinkedHashMap<>();
		invitation.put("id", provisioned.adminInvitation().invitation().id());
		invitation.put("email", provisioned.adminInvitation().invitation().email());
		invitation.put("roles", provisioned.adminInvitation().invitation().roles());
		invitation.put("expires_at", provisioned.adminInvitation().invitation().expiresAt().toString());
		invitation.put("token", provisioned.adminInvitation().token());
		view.put("admin_invitation", invitation);
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("client_id", provisioned.client().clientId());
		client.put("client_secret", provisioned.client().clientSecret());
		client.put("name", provisioned.client().name());
		client.put("scopes", provisioned.client().scopes().stream().sorted().toList());
		view.put("client", client);
		return ResponseEntity.status(HttpStatus.CREATED).eTag(provisioned.tenant().etag()).body(view);
	}

	@GetMapping("/v2/tenants/{id}")
	ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
		Caller caller = Caller.current();
		if (id.equals(caller.tenantId())) {
			Caller.admin();
		}
		else if (!caller.isPlatformAdmin()) {
			// another tenant's id is as unknown as a made-up one
			throw ProblemException.notFound("Tenant", id);
		}
		return answer(this.tenants.find(id).orElseThrow(() -> ProblemException.notFound("Tenant", id)));
	}

	/** Every tenant, deleted ones included, by id. */
	@GetMapping("/v2/tenants")
	Map<String, Object> list(@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		Caller.platformAdmin();
		int size = Pages.size(pageSize);
		List<Tenant> page = this.tenants.page(Pages.after(pageToken), size + 1);
		return Pages.page(page, size, Tenant::id, TenantController::view);
	}

	@PatchMapping("/v2/tenants/{id}")
	ResponseEntity<Map<String, Object>> update(@PathVariable String id, @RequestBody UpdateTenantRequest request,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.platformAdmin();
		return answer(this.updating.update(new UpdatingTenants.UpdateTenant(id, caller.subject(),
				ETags.version(ifMatch), request.name(), request.plan(), request.limits())));
	}

	@PostMapping("/v2/tenants/{id}/suspend")
	ResponseEntity<Map<String, Object>> suspend(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return answer(this.suspending.suspend(statusChange(id, ifMatch)));
	}

	@PostMapping("/v2/tenants/{id}/resume")
	ResponseEntity<Map<String, Object>> resume(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		return answer(this.suspending.resume(statusChange(id, ifMatch)));
	}

	/**
	 * 202: the tenant is deleted and identity's data of it erased; the other services
	 * erase theirs when they get {@code identity.tenant.deleted}.
	 */
	@DeleteMapping("/v2/tenants/{id}")
	ResponseEntity<Map<String, Object>> delete(@PathVariable String id,
			@RequestHeader(name = "If-Match", required = false) String ifMatch) {
		Caller caller = Caller.platformAdmin();
		this.deleting
			.delete(new DeletingTenants.DeleteTenant(id, caller.subject(), caller.tenantId(), ETags.version(ifMatch)));
		return ResponseEntity.accepted().body(Map.of("id", id, "status", Tenant.Status.DELETED.value()));
	}

	private static SuspendingTenants.ChangeStatus statusChange(String id, String ifMatch) {
		Caller caller = Caller.platformAdmin();
		return new SuspendingTenants.ChangeStatus(id, caller.subject(), caller.tenantId(), ETags.version(ifMatch));
	}

	private static ResponseEntity<Map<String, Object>> answer(Tenant tenant) {
		return ResponseEntity.ok().eTag(tenant.etag()).body(view(tenant));
	}

	static Map<String, Object> view(Tenant tenant) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", tenant.id());
		view.put("name", tenant.name());
		view.put("plan", tenant.plan());
		view.put("status", tenant.status().value());
		view.put("limits", tenant.limits());
		view.put("created_at", tenant.createdAt().toString());
		view.put("updated_at", tenant.updatedAt().toString());
		return view;
	}

}
