package io.strata.identity.account;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.platform.crypto.Digests;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password reset (public request, admin-issued token, confirmation) and the signed-in
 * user's own password change.
 */
class PasswordResetIntegrationTests extends IdentityIntegrationTest {

	private static final String NEW_PASSWORD = "a brand new passphrase";

	@BeforeEach
	@AfterEach
	void clearThrottles() {
		this.jdbc.update("DELETE FROM password_reset_throttle");
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	void aPublicRequestAnswers202WhateverTheEmailAndIssuesATokenOnlyForAnAccount() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String userId = (String) createUser(tenant, email, List.of()).get("id");
		int before = tokenRows();
		requestReset(uniqueEmail()).expectStatus().isAccepted();
		assertThat(tokenRows()).isEqualTo(before);

		requestReset(email.toUpperCase()).expectStatus().isAccepted();
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM password_reset_tokens WHERE user_id = ? AND issued_by = 'anonymous'",
				Integer.class, userId))
			.isEqualTo(1);
		assertThat(auditActions(tenant)).contains("password_reset.requested");
		requestReset("not an email").expectStatus().isBadRequest();
	}

	@Test
	void aPublicRequestFindsTheAccountInAnySpellingOfItsAddress() {
		TestTenant tenant = newTenant();
		String local = "user-" + UUID.randomUUID();
		String userId = (String) createUser(tenant, local + "@bücher.example", List.of()).get("id");
		requestReset(local + "@BÜCHER.example").expectStatus().isAccepted();
		requestReset(local + "@xn--bcher-kva.example").expectStatus().isAccepted();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM password_reset_tokens WHERE user_id = ?",
				Integer.class, userId))
			.isEqualTo(2);
	}

	@Test
	void publicRequestsAreLimitedPerAddressAndPerEmail() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String userId = (String) createUser(tenant, email, List.of()).get("id");
		for (int i = 0; i < 10; i++) {
			requestReset(email).expectStatus().isAccepted();
		}
		// three tokens per email and window: the rest are dropped without a different
		// answer
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM password_reset_tokens WHERE user_id = ?",
				Integer.class, userId))
			.isEqualTo(3);
		requestReset(uniqueEmail()).expectStatus().isEqualTo(429).expectHeader().exists(HttpHeaders.RETRY_AFTER);
	}

	@Test
	void anAdminIssuedResetSetsTheNewPasswordEndsSessionsAndWorksOnce() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String userId = (String) createUser(tenant, email, List.of("member")).get("id");
		String refreshToken = login(email, PASSWORD).get("refresh_token").toString();

		Map<String, Object> issued = issueReset(tenant, userId);
		String token = (String) issued.get("token");
		assertThat(token).startsWith("pwr_");
		assertThat(issued).containsEntry("user_id", userId).containsKey("expires_at");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM password_reset_tokens WHERE token_hash = ?",
				Integer.class, Digests.sha256Hex(token)))
			.isEqualTo(1);

		// the policy applies, and a refused password leaves the token usable
		confirm(token, "short").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/password");
		confirm(token, NEW_PASSWORD).expectStatus().isNoContent();

		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		login(email, NEW_PASSWORD);
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		confirm(token, "yet another passphrase").expectStatus().isEqualTo(410);
		assertThat(auditActions(tenant)).containsSubsequence("password_reset.requested", "user.password_changed",
				"password_reset.completed");
	}

	@Test
	void expiredAndUnknownTokensAreRefused() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String userId = (String) createUser(tenant, email, List.of()).get("id");
		String token = (String) issueReset(tenant, userId).get("token");
		this.jdbc.update(
				"UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'" + " WHERE token_hash = ?",
				Digests.sha256Hex(token));
		confirm(token, NEW_PASSWORD).expectStatus().isEqualTo(410);
		confirm("pwr_unknown", NEW_PASSWORD).expectStatus().isEqualTo(410);
		login(email, PASSWORD);
	}

	@Test
	void anAdminCannotIssueAResetForAnotherTenantsUser() {
		TestTenant tenant = newTenant();
		TestTenant other = newTenant();
		this.client.post()
			.uri("/v2/users/{id}/password-reset", tenant.adminId())
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		String memberEmail = uniqueEmail();
		createUser(tenant, memberEmail, List.of("member"));
		this.client.post()
			.uri("/v2/users/{id}/password-reset", tenant.adminId())
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + login(memberEmail, PASSWORD).get("access_token"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void aSignedInUserChangesTheirOwnPassword() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		createUser(tenant, email, List.of());
		Map<String, Object> session = login(email, PASSWORD);
		String bearer = "Bearer " + session.get("access_token");
		changeOwn(bearer, "wrong current password", NEW_PASSWORD).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/current_password");
		changeOwn(bearer, PASSWORD, "short").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/new_password");
		changeOwn(bearer, PASSWORD, NEW_PASSWORD).expectStatus().isNoContent();
		login(email, NEW_PASSWORD);
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", session.get("refresh_token")))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(auditActions(tenant)).contains("user.password_change_failed", "user.password_changed");
	}

	private RestTestClient.ResponseSpec requestReset(String email) {
		return this.client.post().uri("/v2/auth/password-reset").body(Map.of("email", email)).exchange();
	}

	private RestTestClient.ResponseSpec confirm(String token, String password) {
		return this.client.post()
			.uri("/v2/auth/password-reset/confirm")
			.body(Map.of("token", token, "password", password))
			.exchange();
	}

	private RestTestClient.ResponseSpec changeOwn(String bearer, String current, String next) {
		return this.client.post()
			.uri("/v2/users/me/password")
			.header(HttpHeaders.AUTHORIZATION, bearer)
			.body(Map.of("current_password", current, "new_password", next))
			.exchange();
	}

	private Map<String, Object> issueReset(TestTenant tenant, String userId) {
		return this.client.post()
			.uri("/v2/users/{id}/password-reset", userId)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private int tokenRows() {
		return this.jdbc.queryForObject("SELECT count(*) FROM password_reset_tokens", Integer.class);
	}

	private List<String> auditActions(TestTenant tenant) {
		return this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class,
				tenant.id());
	}

}
