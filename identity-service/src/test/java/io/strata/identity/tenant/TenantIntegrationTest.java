package io.strata.identity.tenant;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.role.Roles;
import io.strata.identity.user.ManagingUsers;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** What tenant tests need beyond tenants: a platform admin, and client tokens. */
abstract class TenantIntegrationTest extends IdentityIntegrationTest {

	/**
	 * A tenant like the bootstrap one, with a signed-in admin who also administers the
	 * platform.
	 */
	protected TestTenant platformAdmin() {
		String tenantId = this.creatingTenants
			.create(new CreatingTenants.CreateTenant("Platform " + UUID.randomUUID(), "test", Roles.PLATFORM));
		String email = uniqueEmail();
		String adminId = this.managingUsers
			.create(new ManagingUsers.CreateUser(tenantId, "test", email, PASSWORD, List.of("admin", "platform-admin")))
			.id();
		return new TestTenant(tenantId, adminId, email, login(email, PASSWORD).get("access_token").toString());
	}

	/** The token endpoint's answer to a client_credentials request. */
	protected RestTestClient.ResponseSpec requestClientToken(Object clientId, Object clientSecret) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		return this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(clientId.toString(), clientSecret.toString()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.exchange();
	}

	protected String clientCredentialsToken(Object clientId, Object clientSecret) {
		Map<String, Object> response = requestClientToken(clientId, clientSecret).expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return response.get("access_token").toString();
	}

}
