package io.strata.identity.tenant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.identity.account.InvitingUsers;
import io.strata.identity.client.OAuthClients;
import io.strata.identity.role.Roles;
import io.strata.identity.user.EmailAddresses;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;

import org.springframework.stereotype.Component;

/**
 * A platform admin opens a tenant for a customer: the tenant with its default roles, an
 * invitation for its first admin and a service client with the platform's API scopes. The
 * invitation token and the client secret exist nowhere else: the answer carries them
 * once. The steps are separate transactions (the client's registration lives in the
 * authorization server's store), so everything is validated before the first one.
 */
@Component
class ProvisioningTenants {

	static final String SERVICE_CLIENT_NAME = "Service client";

	private final CreatingTenants creatingTenants;

	private final InvitingUsers invitingUsers;

	private final OAuthClients clients;

	private final Tenants tenants;

	ProvisioningTenants(CreatingTenants creatingTenants, InvitingUsers invitingUsers, OAuthClients clients,
			Tenants tenants) {
		this.creatingTenants = creatingTenants;
		this.invitingUsers = invitingUsers;
		this.clients = clients;
		this.tenants = tenants;
	}

	record ProvisionTenant(String actor, String name, String plan, String adminEmail) {

	}

	record Provisioned(Tenant tenant, InvitingUsers.Invited adminInvitation, OAuthClients.ClientCredentials client) {

	}

	Provisioned provision(ProvisionTenant command) {
		String plan = (command.plan() != null) ? command.plan() : CreatingTenants.DEFAULT_PLAN;
		List<FieldViolation> violations = new ArrayList<>();
		TenantFields.checkName(command.name(), violations);
		TenantFields.checkPlan(plan, violations);
		if (EmailAddresses.normalize(command.adminEmail()).isEmpty()) {
			violations.add(new FieldViolation("/admin_email", "must be an email address"));
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The tenant is not valid", violations);
		}
		String tenantId = this.creatingTenants
			.create(new CreatingTenants.CreateTenant(command.name().strip(), command.actor(), Map.of(), plan));
		InvitingUsers.Invited invitation = this.invitingUsers.invite(
				new InvitingUsers.Invite(tenantId, command.actor(), command.adminEmail(), List.of(Caller.ADMIN_ROLE)));
		OAuthClients.ClientCredentials client = this.clients.register(new OAuthClients.RegisterClient(tenantId,
				command.actor(), SERVICE_CLIENT_NAME, Set.copyOf(Roles.API_SCOPES)));
		return new Provisioned(this.tenants.find(tenantId).orElseThrow(), invitation, client);
	}

}
