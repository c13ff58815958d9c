package io.strata.identity.account;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.platform.crypto.Digests;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Invitations: invite, accept, sign in; and every way an invitation is refused. */
class InvitationIntegrationTests extends IdentityIntegrationTest {

	@Test
	void anInviteeAcceptsWithTheirPasswordAndSignsInWithTheInvitedRoles() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		Map<String, Object> invitation = invite(tenant, email.toUpperCase(), List.of("member"));
		String token = (String) invitation.get("token");
		assertThat(token).startsWith("inv_").hasSizeGreaterThan(40);
		assertThat(invitation).containsEntry("email", email).containsEntry("roles", List.of("member"));
		// stored only as its hash
		assertThat(this.jdbc.queryForObject("SELECT token_hash FROM invitations WHERE id = ?", String.class,
				invitation.get("id")))
			.isEqualTo(Digests.sha256Hex(token));
		List<Map<String, Object>> pending = pending(tenant);
		assertThat(pending).singleElement()
			.satisfies((item) -> assertThat(item).containsEntry("id", invitation.get("id")).doesNotContainKey("token"));

		Map<String, Object> user = accept(token, PASSWORD).expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(user).containsEntry("email", email)
			.containsEntry("tenant_id", tenant.id())
			.containsEntry("roles", List.of("member"));
		String accessToken = login(email, PASSWORD).get("access_token").toString();
		assertThat(claims(accessToken).getClaim("tid")).isEqualTo(tenant.id());
		assertThat(claims(accessToken).getClaim("roles")).isEqualTo(List.of("member"));
		assertThat(pending(tenant)).isEmpty();
		assertThat(auditActions(tenant)).contains("invitation.created", "user.created", "invitation.accepted");
	}

	@Test
	void anInvitationIsAcceptedOnce() {
		TestTenant tenant = newTenant();
		String token = (String) invite(tenant, uniqueEmail(), List.of()).get("token");
		accept(token, PASSWORD).expectStatus().isCreated();
		accept(token, PASSWORD).expectStatus()
			.isEqualTo(410)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.value((type) -> assertThat(type.toString()).endsWith("invalid-invitation"));
	}

	@Test
	void aPasswordThePolicyRefusesLeavesTheInvitationUsable() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		String token = (String) invite(tenant, email, List.of()).get("token");
		accept(token, "too short").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/password");
		accept(token, email).expectStatus().isBadRequest();
		accept(token, PASSWORD).expectStatus().isCreated();
	}

	@Test
	void expiredRevokedSupersededAndUnknownInvitationsAreRefusedAlike() {
		TestTenant tenant = newTenant();
		Map<String, Object> expired = invite(tenant, uniqueEmail(), List.of());
		this.jdbc.update("UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = ?",
				expired.get("id"));
		accept((String) expired.get("token"), PASSWORD).expectStatus().isEqualTo(410);

		Map<String, Object> revoked = invite(tenant, uniqueEmail(), List.of());
		this.client.delete()
			.uri("/v2/invitations/{id}", revoked.get("id"))
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		accept((String) revoked.get("token"), PASSWORD).expectStatus().isEqualTo(410);

		String email = uniqueEmail();
		Map<String, Object> first = invite(tenant, email, List.of());
		Map<String, Object> second = invite(tenant, email, List.of("admin"));
		accept((String) first.get("token"), PASSWORD).expectStatus().isEqualTo(410);
		accept("inv_" + "x".repeat(43), PASSWORD).expectStatus().isEqualTo(410);
		assertThat(pending(tenant)).extracting((item) -> item.get("id")).containsExactly(second.get("id"));
		accept((String) second.get("token"), PASSWORD).expectStatus().isCreated();
		assertThat(auditActions(tenant)).contains("invitation.revoked");
	}

	@Test
	void invitingAnExistingUserIsAConflictAndUnknownRolesAreInvalid() {
		TestTenant tenant = newTenant();
		this.client.post()
			.uri("/v2/invitations")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", tenant.adminEmail(), "roles", List.of()))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		this.client.post()
			.uri("/v2/invitations")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", uniqueEmail(), "roles", List.of("emperor")))
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.post()
			.uri("/v2/invitations")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", "not an email", "roles", List.of()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/email");
	}

	@Test
	void invitationsStoreTheOneSpellingAndRefuseLookAlikesOfAUser() {
		TestTenant tenant = newTenant();
		String local = "user-" + UUID.randomUUID();
		Map<String, Object> invitation = invite(tenant, local.toUpperCase() + "@Bücher.example", List.of());
		assertThat(invitation).containsEntry("email", local + "@xn--bcher-kva.example");
		// Cyrillic а (U+0430) for the admin's first letter
		expectProblem(
				post(tenant, "/v2/invitations",
						Map.of("email", "\u0430" + tenant.adminEmail().substring(1), "roles", List.of())),
				409, "email-confusable");
	}

	@Test
	void onlyAdminsInviteAndAnotherTenantsInvitationsAreInvisible() {
		TestTenant tenant = newTenant();
		TestTenant other = newTenant();
		Map<String, Object> invitation = invite(tenant, uniqueEmail(), List.of());
		assertThat(pending(other)).isEmpty();
		this.client.delete()
			.uri("/v2/invitations/{id}", invitation.get("id"))
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		String memberEmail = uniqueEmail();
		createUser(tenant, memberEmail, List.of("member"));
		String memberToken = login(memberEmail, PASSWORD).get("access_token").toString();
		this.client.post()
			.uri("/v2/invitations")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + memberToken)
			.body(Map.of("email", uniqueEmail(), "roles", List.of("admin")))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.post()
			.uri("/v2/invitations")
			.body(Map.of("email", uniqueEmail(), "roles", List.of("admin")))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		// still usable by its invitee
		accept((String) invitation.get("token"), PASSWORD).expectStatus().isCreated();
	}

	private Map<String, Object> invite(TestTenant tenant, String email, List<String> roles) {
		return postCreated(tenant, "/v2/invitations", Map.of("email", email, "roles", roles));
	}

	private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec accept(String token,
			String password) {
		return this.client.post()
			.uri("/v2/invitations/accept")
			.body(Map.of("token", token, "password", password))
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> pending(TestTenant tenant) {
		return (List<Map<String, Object>>) getJson(tenant, "/v2/invitations").get("items");
	}

	private List<String> auditActions(TestTenant tenant) {
		return this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class,
				tenant.id());
	}

}
