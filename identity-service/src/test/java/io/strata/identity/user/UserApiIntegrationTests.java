package io.strata.identity.user;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant admins manage users through /v2/users on the real database. */
class UserApiIntegrationTests extends IdentityIntegrationTest {

	@Test
	void adminCreatesReadsListsUpdatesAndDeletesUsers() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		Map<String, Object> created = createUser(tenant, email.toUpperCase(), List.of("member"));
		String id = created.get("id").toString();
		assertThat(created).containsEntry("email", email).containsEntry("tenant_id", tenant.id());
		assertThat(created).doesNotContainKeys("password", "password_hash");
		assertThat(this.jdbc.queryForObject("SELECT password_hash FROM users WHERE id = ?", String.class, id))
			.startsWith("{argon2}$argon2id$");

		String etag = this.client.get()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
		assertThat(etag).isEqualTo("\"1\"");

		Map<String, Object> disabled = this.client.patch()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, etag)
			.body(Map.of("disabled", true, "roles", List.of("admin")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(disabled).containsEntry("disabled", true).containsEntry("roles", List.of("admin"));

		// the stale ETag no longer matches: a 412 naming the current one
		this.client.patch()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, etag)
			.body(Map.of("disabled", false))
			.exchange()
			.expectStatus()
			.isEqualTo(412)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/precondition-failed")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("\"2\""));

		// a list matches when one of its tags does, in either form
		this.client.patch()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, etag + ", W/\"2\"")
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"3\"");

		// a disabled user cannot sign in, with the same answer as a wrong password
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/invalid-credentials");

		this.client.delete()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void listPagesThroughAllUsersWithOpaqueTokens() {
		TestTenant tenant = newTenant();
		for (int i = 0; i < 4; i++) {
			createUser(tenant, uniqueEmail(), List.of());
		}
		Set<Object> seen = new HashSet<>();
		String token = null;
		int pages = 0;
		do {
			Map<String, Object> page = getJson(tenant,
					(token == null) ? "/v2/users?page_size=2" : "/v2/users?page_size=2&page_token=" + token);
			((List<?>) page.get("items")).forEach((item) -> seen.add(((Map<?, ?>) item).get("id")));
			token = (String) page.get("next_page_token");
			pages++;
		}
		while (token != null);
		assertThat(seen).hasSize(5);
		assertThat(pages).isEqualTo(3);
		this.client.get()
			.uri("/v2/users?page_size=501")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void invalidUsersAreRejectedWithFieldErrors() {
		TestTenant tenant = newTenant();
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", "not-an-email", "password", "short", "roles", List.of()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/email")
			.jsonPath("$.errors[1].pointer")
			.isEqualTo("/password");
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", uniqueEmail(), "password", PASSWORD, "roles", List.of("emperor")))
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\": ")
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.post()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("email", tenant.adminEmail(), "password", PASSWORD, "roles", List.of()))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
	}

	@Test
	void onlyAdminsManageUsers() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		createUser(tenant, email, List.of("member"));
		String memberToken = login(email, PASSWORD).get("access_token").toString();
		this.client.get()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + memberToken)
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.get().uri("/v2/users").exchange().expectStatus().isUnauthorized();
	}

}
