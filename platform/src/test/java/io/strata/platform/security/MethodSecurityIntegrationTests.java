package io.strata.platform.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.strata.platform.PlatformIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@link TenantAdmin} and {@link PlatformAdmin} on a controller of the test application:
 * a caller who lacks what the annotation asks gets the platform's 403 problem
 * {@code forbidden}, not Spring's default; one who holds it gets the answer.
 */
class MethodSecurityIntegrationTests extends PlatformIntegrationTest {

	@Test
	void anAdminScopeOrTheAdminRolePasses() {
		archive(tokens.token("t1", "things.admin")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.archived_by")
			.exists();
		archive(tokens.tokenWithRoles("t1", List.of(Caller.ADMIN_ROLE))).expectStatus().isOk();
	}

	@Test
	void aCallerWhoIsNoAdminIsForbiddenWithTheProblem() {
		forbidden(archive(tokens.token("t1", "things.read")));
		forbidden(archive(tokens.tokenWithRoles("t1", List.of(Caller.PLATFORM_ADMIN_ROLE))));
	}

	@Test
	void aTokenWithoutTenantIsRefusedForThat() {
		archive(tokens.tokenWithRoles(null, List.of(Caller.ADMIN_ROLE))).expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> org.assertj.core.api.Assertions.assertThat(type.toString()).endsWith("no-tenant"));
	}

	@Test
	void noTokenIsStillUnauthorized() {
		this.client.post()
			.uri("/v2/things/archive")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE);
	}

	@Test
	void onlyAPlatformAdminReadsEveryTenant() {
		allTenants(tokens.token("t1", "things.operate")).expectStatus().isOk();
		allTenants(tokens.tokenWithRoles("t1", List.of(Caller.PLATFORM_ADMIN_ROLE))).expectStatus().isOk();
		forbidden(allTenants(tokens.tokenWithRoles("t1", List.of(Caller.ADMIN_ROLE), "things.admin")));
	}

	private RestTestClient.ResponseSpec archive(String token) {
		return this.client.post()
			.uri("/v2/things/archive")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private RestTestClient.ResponseSpec allTenants(String token) {
		return this.client.get()
			.uri("/v2/things/all-tenants")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private static void forbidden(RestTestClient.ResponseSpec response) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> org.assertj.core.api.Assertions.assertThat(type.toString()).endsWith("forbidden"))
			.jsonPath("$.status")
			.isEqualTo(403)
			.jsonPath("$.detail")
			.isEqualTo("The token does not grant access to this operation.");
	}

}
