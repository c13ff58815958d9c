package io.strata.identity.scim;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** An identity provider pushes groups and their members through /scim/v2/Groups. */
class ScimGroupIntegrationTests extends ScimIntegrationTest {

	@Test
	void providerCreatesGroupsAndPatchesTheirMembers() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String ada = createScimUser(token, uniqueEmail(), Map.of()).get("id").toString();
		String grace = createScimUser(token, uniqueEmail(), Map.of()).get("id").toString();
		String linus = createScimUser(token, uniqueEmail(), Map.of()).get("id").toString();
		String name = "Engineering " + UUID.randomUUID();

		Map<String, Object> created = scim(HttpMethod.POST, token, "/scim/v2/Groups",
				Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", name, "externalId", "okta-g1", "members",
						List.of(Map.of("value", ada))),
				null)
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "W/\"1\"")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String id = created.get("id").toString();
		assertThat(created).containsEntry("displayName", name).containsEntry("externalId", "okta-g1");
		assertThat(memberIds(created)).containsExactly(ada);

		// Okta adds with a value list; Entra removes with a value list; a filter path
		// removes one
		scimOk(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id, patch(Map.of("op", "add", "path", "members", "value",
				List.of(Map.of("value", grace), Map.of("value", linus)))));
		Map<String, Object> afterRemove = scimOk(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id,
				patch(Map.of("op", "remove", "path", "members[value eq \"" + ada + "\"]")));
		assertThat(memberIds(afterRemove)).containsExactlyInAnyOrder(grace, linus);
		// Entra ID's form: a capitalised op and the members to remove as the value
		Map<String, Object> entra = scimOk(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id,
				patch(Map.of("op", "Remove", "path", "members", "value", List.of(Map.of("value", linus)))));
		assertThat(memberIds(entra)).containsExactly(grace);
		scimOk(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id,
				patch(Map.of("op", "Add", "path", "members", "value", List.of(Map.of("value", linus)))));
		Map<String, Object> renamed = scimOk(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id,
				patch(Map.of("op", "replace", "path", "displayName", "value", name + " 2")));
		assertThat(renamed).containsEntry("displayName", name + " 2");
		assertThat(memberIds(renamed)).containsExactlyInAnyOrder(grace, linus);

		// the user shows its groups; the admin API sees the same members
		Map<String, Object> user = scimOk(HttpMethod.GET, token, "/scim/v2/Users/" + grace, null);
		assertThat(user.get("groups").toString()).contains(id);
		this.client.get()
			.uri("/v2/groups/" + id + "/members")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(2);

		// filter and excludedAttributes as IdPs use them
		Map<String, Object> found = scimOk(HttpMethod.GET, token,
				"/scim/v2/Groups?filter=displayName eq \"" + name + " 2\"&excludedAttributes=members", null);
		assertThat(ids(found)).containsExactly(id);
		assertThat(found.toString()).doesNotContain(grace);
		Map<String, Object> byMember = scimOk(HttpMethod.GET, token,
				"/scim/v2/Groups?filter=members.value eq \"" + linus + "\"", null);
		assertThat(ids(byMember)).containsExactly(id);

		// unknown members, duplicate names, stale versions
		scim(HttpMethod.PATCH, token, "/scim/v2/Groups/" + id,
				patch(Map.of("op", "add", "path", "members", "value", List.of(Map.of("value", "usr_nobody")))), null)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("invalidValue");
		scim(HttpMethod.POST, token, "/scim/v2/Groups",
				Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", name + " 2"), null)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("uniqueness");
		scim(HttpMethod.PUT, token, "/scim/v2/Groups/" + id,
				Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", "x"), "W/\"1\"")
			.expectStatus()
			.isEqualTo(412);

		// PUT replaces the members
		Map<String, Object> replaced = scim(HttpMethod.PUT, token, "/scim/v2/Groups/" + id,
				Map.of("schemas", List.of(GROUP_SCHEMA), "displayName", name, "members", List.of(Map.of("value", ada))),
				"W/\"6\"")
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(memberIds(replaced)).containsExactly(ada);
		assertThat(replaced).doesNotContainKey("externalId");

		scim(HttpMethod.DELETE, token, "/scim/v2/Groups/" + id, null, null).expectStatus().isNoContent();
		scim(HttpMethod.GET, token, "/scim/v2/Groups/" + id, null, null).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("404");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> memberIds(Map<String, Object> group) {
		List<Map<String, Object>> members = (List<Map<String, Object>>) group.get("members");
		return (members != null) ? members.stream().map((member) -> member.get("value")).toList() : List.of();
	}

}
