package io.strata.identity.scim;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** An identity provider provisions and deprovisions users through /scim/v2/Users. */
class ScimUserIntegrationTests extends ScimIntegrationTest {

	@Test
	void providerCreatesFindsDeactivatesReplacesAndDeletesAUser() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String email = uniqueEmail();

		Map<String, Object> created = createScimUser(token, email, Map.of("externalId", "okta-123", "displayName",
				"Ada Lovelace", "password", PASSWORD, "name", Map.of("givenName", "Ada", "familyName", "Lovelace")));
		String id = created.get("id").toString();
		assertThat(created).containsEntry("userName", email)
			.containsEntry("active", true)
			.containsEntry("externalId", "okta-123")
			.containsEntry("displayName", "Ada Lovelace");
		assertThat(created.get("schemas")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains(USER_SCHEMA);
		@SuppressWarnings("unchecked")
		Map<String, Object> meta = (Map<String, Object>) created.get("meta");
		assertThat(meta).containsEntry("resourceType", "User").containsEntry("version", "W/\"1\"");
		assertThat(meta.get("location").toString()).endsWith("/scim/v2/Users/" + id);
		// the same user through the admin API, with the default member role
		assertThat(this.managingUsers).isNotNull();
		assertThat(this.jdbc.queryForObject("SELECT roles[1] FROM users WHERE id = ?", String.class, id))
			.isEqualTo("member");

		// the lookup an IdP makes before it creates: by userName, any case
		Map<String, Object> found = scimOk(HttpMethod.GET, token,
				"/scim/v2/Users?filter=userName eq \"" + email.toUpperCase() + "\"", null);
		assertThat(found).containsEntry("totalResults", 1);
		assertThat(ids(found)).containsExactly(id);
		assertThat(found.get("schemas")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly("urn:ietf:params:scim:api:messages:2.0:ListResponse");

		// the user signs in with the password the IdP set
		login(email, PASSWORD);

		// deprovisioning: PATCH active false
		Map<String, Object> deactivated = scimOk(HttpMethod.PATCH, token, "/scim/v2/Users/" + id,
				patch(Map.of("op", "replace", "path", "active", "value", false)));
		assertThat(deactivated).containsEntry("active", false);
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized();

		// Entra ID's form: capitalised op, the boolean as a string
		Map<String, Object> entra = scimOk(HttpMethod.PATCH, token, "/scim/v2/Users/" + id,
				patch(Map.of("op", "Replace", "path", "active", "value", "False")));
		assertThat(entra).containsEntry("active", false);
		// Okta's form: no path, an object value
		scimOk(HttpMethod.PATCH, token, "/scim/v2/Users/" + id,
				patch(Map.of("op", "replace", "value", Map.of("active", true))));
		login(email, PASSWORD);
		Map<String, Object> renamed = scimOk(HttpMethod.PATCH, token, "/scim/v2/Users/" + id,
				patch(Map.of("op", "Replace", "path", "displayName", "value", "Countess of Lovelace"),
						Map.of("op", "remove", "path", "externalId")));
		assertThat(renamed).containsEntry("displayName", "Countess of Lovelace").doesNotContainKey("externalId");

		// PUT replaces the SCIM attributes; the version moves with every change
		Map<String, Object> replaced = scim(HttpMethod.PUT, token, "/scim/v2/Users/" + id,
				Map.of("schemas", List.of(USER_SCHEMA), "userName", email, "active", false, "externalId", "entra-9",
						"name", Map.of("givenName", "Augusta")),
				"W/\"5\"")
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("ETag", "W/\"6\"")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(replaced).containsEntry("active", false)
			.containsEntry("externalId", "entra-9")
			.doesNotContainKey("displayName");

		// stale If-Match on PUT, PATCH and DELETE
		for (HttpMethod method : List.of(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE)) {
			Object body = (method == HttpMethod.PUT) ? Map.of("schemas", List.of(USER_SCHEMA), "userName", email)
					: (method == HttpMethod.PATCH) ? patch(Map.of("op", "replace", "path", "active", "value", true))
							: null;
			scim(method, token, "/scim/v2/Users/" + id, body, "W/\"1\"").expectStatus()
				.isEqualTo(412)
				.expectBody()
				.jsonPath("$.schemas[0]")
				.isEqualTo(ERROR_SCHEMA)
				.jsonPath("$.status")
				.isEqualTo("412");
		}

		// userName is the email: it cannot change
		scim(HttpMethod.PUT, token, "/scim/v2/Users/" + id,
				Map.of("schemas", List.of(USER_SCHEMA), "userName", uniqueEmail()), null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("mutability");

		scim(HttpMethod.DELETE, token, "/scim/v2/Users/" + id, null, "W/\"6\"").expectStatus().isNoContent();
		scim(HttpMethod.GET, token, "/scim/v2/Users/" + id, null, null).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.schemas[0]")
			.isEqualTo(ERROR_SCHEMA)
			.jsonPath("$.status")
			.isEqualTo("404");
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND target = ? ORDER BY seq",
						String.class, tenant.id(), id))
			.startsWith("user.created")
			.endsWith("user.deleted");
		assertThat(this.jdbc.queryForObject(
				"SELECT actor FROM audit_log WHERE tenant_id = ? AND target = ? AND action = 'user.created'",
				String.class, tenant.id(), id))
			.startsWith("scim-token:sct_");
	}

	@Test
	void aUserCreatedWithoutAPasswordCannotSignInUntilOneIsSet() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String email = uniqueEmail();
		String id = createScimUser(token, email, Map.of()).get("id").toString();
		for (String guess : List.of(PASSWORD, email, "")) {
			this.client.post()
				.uri("/v2/auth/login")
				.body(Map.of("email", email, "password", guess))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
		this.client.patch()
			.uri("/v2/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("password", PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(login(email, PASSWORD)).containsKey("access_token");
	}

	@Test
	void duplicatesAndInvalidUsersAnswerScimErrors() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String email = uniqueEmail();
		createScimUser(token, email, Map.of());
		scim(HttpMethod.POST, token, "/scim/v2/Users",
				Map.of("schemas", List.of(USER_SCHEMA), "userName", email.toUpperCase()), null)
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(SCIM)
			.expectBody()
			.jsonPath("$.schemas[0]")
			.isEqualTo(ERROR_SCHEMA)
			.jsonPath("$.status")
			.isEqualTo("409")
			.jsonPath("$.scimType")
			.isEqualTo("uniqueness");
		scim(HttpMethod.POST, token, "/scim/v2/Users", Map.of("schemas", List.of(USER_SCHEMA), "userName", "not-email"),
				null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("invalidValue");
		scim(HttpMethod.POST, token, "/scim/v2/Users", Map.of("schemas", List.of(USER_SCHEMA)), null).expectStatus()
			.isBadRequest();
		scim(HttpMethod.POST, token, "/scim/v2/Users", "{not json", null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("invalidSyntax");
		scim(HttpMethod.GET, token, "/scim/v2/Nope", null, null).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.schemas[0]")
			.isEqualTo(ERROR_SCHEMA);
	}

	@Test
	void userNamesAreStoredInTheOneSpellingAndLookAlikesAreNotProvisioned() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String local = "user-" + UUID.randomUUID();
		Map<String, Object> created = createScimUser(token, local + "@Bücher.example", Map.of());
		assertThat(created).containsEntry("userName", local + "@xn--bcher-kva.example");
		Map<String, Object> found = scimOk(HttpMethod.GET, token,
				"/scim/v2/Users?filter=userName eq \"" + local.toUpperCase() + "@bücher.example\"", null);
		assertThat(ids(found)).containsExactly(created.get("id"));
		// Cyrillic е (U+0435) for the e of "user": refused, and said why
		scim(HttpMethod.POST, token, "/scim/v2/Users",
				Map.of("schemas", List.of(USER_SCHEMA), "userName",
						"us\u0435r" + local.substring(4) + "@bücher.example"),
				null)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("uniqueness")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("looks like"));
	}

}
