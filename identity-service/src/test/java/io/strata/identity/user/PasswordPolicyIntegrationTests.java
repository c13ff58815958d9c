package io.strata.identity.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The password policy on user creation and on an admin's password change. */
class PasswordPolicyIntegrationTests extends IdentityIntegrationTest {

	@Test
	void creatingAUserAppliesThePolicyWithFieldErrors() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		for (String password : List.of("a".repeat(11), "a".repeat(129), email)) {
			this.client.post()
				.uri("/v2/users")
				.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
				.body(Map.of("email", email, "password", password, "roles", List.of()))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].pointer")
				.isEqualTo("/password");
		}
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", email, "password", "a".repeat(12), "roles", List.of()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void anAdminsPasswordChangeAppliesThePolicyIncludingTheEmailRule() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String id = (String) createUser(tenant, email, List.of()).get("id");
		for (String password : List.of("short", email.toUpperCase())) {
			this.client.patch()
				.uri("/v2/users/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
				.body(Map.of("password", password))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].pointer")
				.isEqualTo("/password");
		}
		login(email, PASSWORD);
	}

}
