package io.strata.identity.tenant;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.role.Roles;
import io.strata.platform.tenant.TenantScope;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No privilege escalation: an administrator grants only the scopes and roles it holds,
 * and the platform's own roles only a platform admin grants.
 */
class GrantIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	TenantScope tenants;

	@Test
	void anIdentityAdminClientGrantsNothingItDoesNotHold() {
		TestTenant tenant = newTenant();
		Map<String, Object> admin = postCreated(tenant, "/v2/clients",
				Map.of("name", "Provisioner", "type", "service", "scopes", List.of("identity.admin")));
		String token = "Bearer " + clientCredentials(admin.get("client_id").toString(),
				admin.get("client_secret").toString(), "identity.admin")
			.get("access_token");

		// a client with resources.write, a user or an invitation with the admin role: all
		// scopes this client does not hold
		expectForbidden(token, "/v2/clients",
				Map.of("name", "Lifter", "type", "service", "scopes", List.of("resources.write")));
		expectForbidden(token, "/v2/users",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "roles", List.of("admin")));
		expectForbidden(token, "/v2/invitations", Map.of("email", uniqueEmail(), "roles", List.of("admin")));

		// what it holds, it may pass on
		this.client.post()
			.uri("/v2/clients")
			.header(HttpHeaders.AUTHORIZATION, token)
			.body(Map.of("name", "Peer", "type", "service", "scopes", List.of("identity.admin")))
			.exchange()
			.expectStatus()
			.isCreated();
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, token)
			.body(Map.of("email", uniqueEmail(), "password", PASSWORD, "roles", List.of()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void onlyAPlatformAdminGrantsThePlatformRoles() {
		TestTenant tenant = newTenant();
		this.tenants.call(tenant.id(), (status) -> {
			Roles.create(this.jdbc, tenant.id(), Roles.PLATFORM);
			return null;
		});
		expectForbidden(tenant.bearer(), "/v2/users",
				Map.of("email", uniqueEmail(), "password", PASSWORD, "roles", List.of("platform-admin")));
		Map<String, Object> member = createUser(tenant, uniqueEmail(), List.of("member"));
		this.client.patch()
			.uri("/v2/users/" + member.get("id"))
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("roles", List.of("member", "platform-admin")))
			.exchange()
			.expectStatus()
			.isForbidden();
		// the tenant's own roles stay the admin's to give
		createUser(tenant, uniqueEmail(), List.of("admin"));
	}

	private void expectForbidden(String bearer, String uri, Map<String, Object> body) {
		this.client.post()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.body(body)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> assertThat(type.toString()).endsWith("grant-forbidden"));
	}

}
