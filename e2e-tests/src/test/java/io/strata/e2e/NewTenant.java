package io.strata.e2e;

import java.net.http.HttpResponse;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static io.strata.e2e.AppJourneyEndToEndTests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant of a test's own, as an operator makes one: the platform admin creates it, its
 * first admin accepts the invitation and signs in. Its names share nothing with other
 * tenants' data.
 */
final class NewTenant {

	private NewTenant() {
	}

	/** The new tenant's admin's access token. */
	static String signInAdmin(String platformAdminToken) throws Exception {
		return create(platformAdminToken).token();
	}

	/**
	 * A new tenant, by id, and its signed-in first admin's access token (and what signs
	 * them in again once it expires).
	 */
	record Admin(String tenantId, String token, String email, String password) {

		/** A fresh access token for this admin. */
		String signInAgain() throws Exception {
			return login(this.email, this.password, this.tenantId);
		}

	}

	static Admin create(String platformAdminToken) throws Exception {
		String name = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> tenant = send("POST", "/v2/tenants",
				"{\"name\": \"" + name + "\", \"admin_email\": \"" + name + "@example.com\"}", platformAdminToken);
		assertThat(tenant.statusCode()).as(tenant.body()).isEqualTo(201);
		JsonNode created = json.readTree(tenant.body());
		String password = "correct horse battery " + UUID.randomUUID();
		HttpResponse<String> accepted = send("POST", "/v2/invitations/accept", """
				{"token": "%s", "password": "%s"}"""
			.formatted(created.path("admin_invitation").path("token").asString(), password), null);
		assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
		String email = name + "@example.com";
		return new Admin(created.path("id").asString(), login(email, password, created.path("id").asString()), email,
				password);
	}

	private static String login(String email, String password, String tenantId) throws Exception {
		HttpResponse<String> login = send("POST", "/v2/auth/login", """
				{"email": "%s", "password": "%s", "tenant_id": "%s"}""".formatted(email, password, tenantId), null);
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		return json.readTree(login.body()).path("access_token").asString();
	}

}
