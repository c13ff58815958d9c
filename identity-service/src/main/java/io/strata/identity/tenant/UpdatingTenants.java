package io.strata.identity.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.identity.v1.TenantUpdated;

import org.springframework.stereotype.Component;

/**
 * A platform admin renames a tenant, moves it to another plan or sets its limits. Absent
 * fields stay as they are; {@code limits} merge into the stored ones, a {@code null}
 * removing one.
 */
@Component
class UpdatingTenants {

	private final TenantScope scope;

	private final Tenants tenants;

	private final TenantHistory history;

	UpdatingTenants(TenantScope scope, Tenants tenants, TenantHistory history) {
		this.scope = scope;
		this.tenants = tenants;
		this.history = history;
	}

	record UpdateTenant(String tenantId, String actor, String ifMatch, String name, String plan,
			Map<String, Object> limits) {

	}

	Tenant update(UpdateTenant command) {
		List<FieldViolation> violations = new ArrayList<>();
		if (command.name() != null) {
			TenantFields.checkName(command.name(), violations);
		}
		if (command.plan() != null) {
			TenantFields.checkPlan(command.plan(), violations);
		}
		if (command.limits() != null) {
			TenantFields.checkLimits(command.limits(), violations);
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The change is not valid", violations);
		}
		return this.scope.call(command.tenantId(), (status) -> {
			Tenant tenant = this.tenants.lockForChange(command.tenantId(), command.ifMatch());
			Map<String, Long> limits = new LinkedHashMap<>(tenant.limits());
			if (command.limits() != null) {
				command.limits().forEach((name, value) -> {
					if (value == null) {
						limits.remove(name);
					}
					else {
						limits.put(name, ((Number) value).longValue());
					}
				});
			}
			Tenant updated = this.tenants.update(tenant.id(),
					(command.name() != null) ? command.name().strip() : tenant.name(),
					(command.plan() != null) ? command.plan() : tenant.plan(), limits);
			this.history.record(tenant.id(), command.actor(), "updated",
					Map.of("name", updated.name(), "plan", updated.plan(), "limits", updated.limits()),
					TenantUpdated.newBuilder()
						.setTenantId(updated.id())
						.setName(updated.name())
						.setPlan(updated.plan())
						.putAllLimits(updated.limits())
						.build());
			return updated;
		});
	}

}
