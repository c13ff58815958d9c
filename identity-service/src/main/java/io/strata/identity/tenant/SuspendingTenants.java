package io.strata.identity.tenant;

import java.util.Map;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.TenantResumed;
import io.strata.proto.identity.v1.TenantSuspended;

import org.springframework.stereotype.Component;

/**
 * A platform admin suspends a tenant (it gets no new tokens, and the gateway refuses its
 * existing ones within seconds) and resumes it. Suspending a suspended tenant, or
 * resuming an active one, changes nothing. A platform admin cannot suspend their own
 * tenant: nobody would be left to resume it.
 */
@Component
class SuspendingTenants {

	private final TenantScope scope;

	private final Tenants tenants;

	private final TenantHistory history;

	SuspendingTenants(TenantScope scope, Tenants tenants, TenantHistory history) {
		this.scope = scope;
		this.tenants = tenants;
		this.history = history;
	}

	record ChangeStatus(String tenantId, String actor, String actorTenantId, String ifMatch) {

	}

	Tenant suspend(ChangeStatus command) {
		if (command.tenantId().equals(command.actorTenantId())) {
			throw ProblemException.conflict("You cannot suspend your own tenant");
		}
		return change(command, Tenant.Status.SUSPENDED, "suspended",
				TenantSuspended.newBuilder().setTenantId(command.tenantId()).build());
	}

	Tenant resume(ChangeStatus command) {
		return change(command, Tenant.Status.ACTIVE, "resumed",
				TenantResumed.newBuilder().setTenantId(command.tenantId()).build());
	}

	private Tenant change(ChangeStatus command, Tenant.Status target, String change,
			com.google.protobuf.Message event) {
		return this.scope.call(command.tenantId(), (status) -> {
			Tenant tenant = this.tenants.lockForChange(command.tenantId(), command.ifMatch());
			if (tenant.status() == target) {
				return tenant;
			}
			Tenant changed = this.tenants.setStatus(tenant.id(), target);
			this.history.record(tenant.id(), command.actor(), change, Map.of("status", target.value()), event);
			return changed;
		});
	}

}
