package io.strata.identity.tenant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.role.Roles;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;
import io.strata.proto.identity.v1.TenantCreated;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Creates a tenant with its default roles, and tells the platform about it. */
@Component
public class CreatingTenants {

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	private final AuditLog audit;

	private final Outbox outbox;

	CreatingTenants(TenantScope tenants, JdbcTemplate jdbc, AuditLog audit, Outbox outbox) {
		this.tenants = tenants;
		this.jdbc = jdbc;
		this.audit = audit;
		this.outbox = outbox;
	}

	/** The plan a tenant is on unless a platform admin says otherwise. */
	public static final String DEFAULT_PLAN = "standard";

	/**
	 * @param extraRoles roles beyond {@link Roles#DEFAULTS}, such as
	 * {@link Roles#PLATFORM} for the bootstrap tenant
	 */
	public record CreateTenant(String name, String actor, Map<String, List<String>> extraRoles, String plan) {

		public CreateTenant(String name, String actor, Map<String, List<String>> extraRoles) {
			this(name, actor, extraRoles, DEFAULT_PLAN);
		}

	}

	public String create(CreateTenant command) {
		String tenantId = Ids.newId("ten");
		Map<String, List<String>> roles = new LinkedHashMap<>(Roles.DEFAULTS);
		roles.putAll(command.extraRoles());
		this.tenants.run(tenantId, (status) -> {
			this.jdbc.update("INSERT INTO tenants (id, name, plan) VALUES (?, ?, ?)", tenantId, command.name(),
					command.plan());
			Roles.create(this.jdbc, tenantId, roles);
			this.audit.append(tenantId, command.actor(), "tenant.created", tenantId,
					Map.of("name", command.name(), "plan", command.plan(), "roles", List.copyOf(roles.keySet())));
			this.outbox.append(DomainEvent.of(tenantId, tenantId,
					TenantCreated.newBuilder().setTenantId(tenantId).setName(command.name()).build()));
		});
		return tenantId;
	}

}
