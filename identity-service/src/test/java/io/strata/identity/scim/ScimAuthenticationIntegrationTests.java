package io.strata.identity.scim;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * /scim/v2 takes only SCIM tokens, each bound to one tenant; /v2 never takes a SCIM
 * token; the discovery endpoints describe what the service supports.
 */
class ScimAuthenticationIntegrationTests extends ScimIntegrationTest {

	@Test
	void noRevokedOrForeignCredentialsAreUnauthorized() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		scimOk(HttpMethod.GET, token, "/scim/v2/Users", null);

		for (String bearer : List.of("scim_not-a-token", tenant.adminToken())) {
			scim(HttpMethod.GET, bearer, "/scim/v2/Users", null, null).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(SCIM)
				.expectBody()
				.jsonPath("$.schemas[0]")
				.isEqualTo(ERROR_SCHEMA)
				.jsonPath("$.status")
				.isEqualTo("401");
		}
		scim(HttpMethod.GET, null, "/scim/v2/Users", null, null).expectStatus().isUnauthorized();
		// a SCIM token is not an access token
		this.client.get()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isUnauthorized();

		Map<String, Object> listed = getJson(tenant, "/v2/scim-tokens");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) listed.get("items");
		assertThat(items).hasSize(1);
		assertThat(items.get(0)).doesNotContainKeys("token", "token_hash");
		this.client.delete()
			.uri("/v2/scim-tokens/" + items.get(0).get("id"))
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		scim(HttpMethod.GET, token, "/scim/v2/Users", null, null).expectStatus().isUnauthorized();
	}

	@Test
	void aTenantsTokenSeesOnlyItsTenant() {
		TestTenant mine = newTenant();
		TestTenant theirs = newTenant();
		String myToken = scimToken(mine);
		String theirToken = scimToken(theirs);
		String theirUser = createScimUser(theirToken, uniqueEmail(), Map.of()).get("id").toString();
		String theirEmail = this.jdbc.queryForObject("SELECT email FROM users WHERE id = ?", String.class, theirUser);
		Map<String, Object> theirGroup = scimOk(HttpMethod.POST, theirToken, "/scim/v2/Groups",
				Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "Theirs"));

		assertThat(ids(scimOk(HttpMethod.GET, myToken, "/scim/v2/Users", null))).containsExactly(mine.adminId());
		assertThat(
				ids(scimOk(HttpMethod.GET, myToken, "/scim/v2/Users?filter=userName eq \"" + theirEmail + "\"", null)))
			.isEmpty();
		assertThat(ids(scimOk(HttpMethod.GET, myToken, "/scim/v2/Groups", null))).isEmpty();
		scim(HttpMethod.GET, myToken, "/scim/v2/Users/" + theirUser, null, null).expectStatus().isNotFound();
		scim(HttpMethod.PATCH, myToken, "/scim/v2/Users/" + theirUser,
				patch(Map.of("op", "replace", "path", "active", "value", false)), null)
			.expectStatus()
			.isNotFound();
		scim(HttpMethod.DELETE, myToken, "/scim/v2/Users/" + theirUser, null, null).expectStatus().isNotFound();
		scim(HttpMethod.DELETE, myToken, "/scim/v2/Groups/" + theirGroup.get("id"), null, null).expectStatus()
			.isNotFound();
		// their user cannot be put into my group
		scim(HttpMethod.POST, myToken, "/scim/v2/Groups", Map.of("schemas", List.of(GROUP_SCHEMA), "displayName",
				"Mine", "members", List.of(Map.of("value", theirUser))), null)
			.expectStatus()
			.isBadRequest();
		// and the same email may exist in both tenants
		createScimUser(myToken, theirEmail, Map.of());
		assertThat(this.jdbc.queryForObject("SELECT disabled FROM users WHERE id = ?", Boolean.class, theirUser))
			.isFalse();
	}

	@Test
	void discoveryEndpointsDescribeTheService() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		Map<String, Object> config = scimOk(HttpMethod.GET, token, "/scim/v2/ServiceProviderConfig", null);
		assertThat(config.toString()).contains("patch={supported=true}", "etag={supported=true}",
				"bulk={supported=false");
		Map<String, Object> types = scimOk(HttpMethod.GET, token, "/scim/v2/ResourceTypes", null);
		assertThat(ids(types)).containsExactly("User", "Group");
		scimOk(HttpMethod.GET, token, "/scim/v2/ResourceTypes/User", null);
		Map<String, Object> schemas = scimOk(HttpMethod.GET, token, "/scim/v2/Schemas", null);
		assertThat(ids(schemas)).containsExactly(USER_SCHEMA, GROUP_SCHEMA);
		scimOk(HttpMethod.GET, token, "/scim/v2/Schemas/" + USER_SCHEMA, null);
		scim(HttpMethod.GET, token, "/scim/v2/Schemas/urn:nope", null, null).expectStatus().isNotFound();
		// some providers accept only application/json
		this.client.get()
			.uri("/scim/v2/ServiceProviderConfig")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.accept(org.springframework.http.MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk();
	}

}
