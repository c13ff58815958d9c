package io.strata.identity.group;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant admins manage groups and their members through /v2/groups. */
class GroupApiIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	TransactionTemplate transactions;

	@Test
	void adminCreatesReadsRenamesAndDeletesGroups() {
		TestTenant tenant = newTenant();
		String name = "Engineering " + UUID.randomUUID();
		Map<String, Object> created = createGroup(tenant, name);
		String id = created.get("id").toString();
		assertThat(created).containsEntry("name", name)
			.containsEntry("tenant_id", tenant.id())
			.containsEntry("description", "people who build");

		String etag = this.client.get()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
		assertThat(etag).isEqualTo("\"1\"");

		this.client.patch()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, etag)
			.body(Map.of("name", name + " (renamed)"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name + " (renamed)")
			.jsonPath("$.description")
			.isEqualTo("people who build");

		// stale ETag
		this.client.delete()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, etag)
			.exchange()
			.expectStatus()
			.isEqualTo(412);

		// names are unique per tenant
		this.client.post()
			.uri("/v2/groups")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("name", name + " (renamed)"))
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		this.client.post()
			.uri("/v2/groups")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("name", " "))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/name");

		// an unquoted version is not a tag this service issued: it matches nothing
		this.client.delete()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, "2")
			.exchange()
			.expectStatus()
			.isEqualTo(412);

		this.client.delete()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.header(HttpHeaders.IF_MATCH, "\"2\"")
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/v2/groups/" + id)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND target = ? ORDER BY seq",
						String.class, tenant.id(), id))
			.containsExactly("group.created", "group.updated", "group.deleted");
	}

	@Test
	void membersAreAddedListedAndRemoved() {
		TestTenant tenant = newTenant();
		String groupId = createGroup(tenant, "Team " + UUID.randomUUID()).get("id").toString();
		String alice = createUser(tenant, uniqueEmail(), List.of()).get("id").toString();
		String bob = createUser(tenant, uniqueEmail(), List.of()).get("id").toString();
		for (String user : List.of(alice, bob, tenant.adminId())) {
			this.client.put()
				.uri("/v2/groups/" + groupId + "/members/" + user)
				.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
				.exchange()
				.expectStatus()
				.isOk();
		}
		// adding twice changes nothing
		this.client.put()
			.uri("/v2/groups/" + groupId + "/members/" + alice)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"4\"");

		Set<Object> seen = new HashSet<>();
		String token = null;
		int pages = 0;
		do {
			Map<String, Object> page = this.client.get()
				.uri("/v2/groups/" + groupId + "/members?page_size=2" + ((token != null) ? "&page_token=" + token : ""))
				.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON)
				.returnResult()
				.getResponseBody();
			((List<?>) page.get("items")).forEach((item) -> seen.add(((Map<?, ?>) item).get("user_id")));
			token = (String) page.get("next_page_token");
			pages++;
		}
		while (token != null);
		assertThat(seen).containsExactlyInAnyOrder(alice, bob, tenant.adminId());
		assertThat(pages).isEqualTo(2);

		this.client.delete()
			.uri("/v2/groups/" + groupId + "/members/" + bob)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.delete()
			.uri("/v2/groups/" + groupId + "/members/" + bob)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.put()
			.uri("/v2/groups/" + groupId + "/members/usr_nobody")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();

		// deleting a user ends their memberships
		this.client.delete()
			.uri("/v2/users/" + alice)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri("/v2/groups/" + groupId + "/members")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(1)
			.jsonPath("$.items[0].user_id")
			.isEqualTo(tenant.adminId());
	}

	@Test
	void listPagesThroughGroups() {
		TestTenant tenant = newTenant();
		for (int i = 0; i < 3; i++) {
			createGroup(tenant, "Group " + i);
		}
		Map<String, Object> first = getJson(tenant, "/v2/groups?page_size=2");
		assertThat((List<?>) first.get("items")).hasSize(2);
		Map<String, Object> second = getJson(tenant,
				"/v2/groups?page_size=2&page_token=" + first.get("next_page_token"));
		assertThat((List<?>) second.get("items")).hasSize(1);
		assertThat(second.get("next_page_token")).isNull();
	}

	@Test
	void listFiltersGroupsAndRefusesABadFilter() {
		TestTenant tenant = newTenant();
		createGroup(tenant, "Engineering");
		createGroup(tenant, "Engineering Managers");
		createGroup(tenant, "Sales");
		Map<String, Object> engineering = getJson(tenant, "/v2/groups?filter={filter}", "name = \"Engineering*\"");
		assertThat(((List<?>) engineering.get("items")).stream()
			.map((item) -> String.valueOf(((Map<?, ?>) item).get("name")))
			.toList()).containsExactlyInAnyOrder("Engineering", "Engineering Managers");
		this.client.get()
			.uri("/v2/groups?filter={filter}", "owner = \"x\"")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest();
		this.client.get()
			.uri("/v2/groups?filter={filter}", "name = ")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void anotherTenantsGroupsAndUsersAreNotFound() {
		TestTenant mine = newTenant();
		TestTenant theirs = newTenant();
		String theirGroup = createGroup(theirs, "Theirs").get("id").toString();
		String myGroup = createGroup(mine, "Mine").get("id").toString();
		String theirUser = createUser(theirs, uniqueEmail(), List.of()).get("id").toString();

		this.client.get()
			.uri("/v2/groups/" + theirGroup)
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.patch()
			.uri("/v2/groups/" + theirGroup)
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.body(Map.of("name", "taken over"))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.put()
			.uri("/v2/groups/" + theirGroup + "/members/" + mine.adminId())
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.get()
			.uri("/v2/groups/" + theirGroup + "/members")
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/v2/groups/" + theirGroup)
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		// their user cannot join my group either
		this.client.put()
			.uri("/v2/groups/" + myGroup + "/members/" + theirUser)
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		// the same name in another tenant is fine; the list shows only my groups
		createGroup(mine, "Theirs");
		this.client.get()
			.uri("/v2/groups")
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(2);
		// without the tenant setting, row-level security shows no row of the new tables
		for (String table : List.of("user_groups", "user_group_members", "scim_users", "scim_tokens")) {
			Long seen = this.transactions.execute((status) -> {
				this.jdbc.execute("SET LOCAL ROLE strata_app");
				return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
			});
			assertThat(seen).as(table).isZero();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM user_groups", Long.class)).isPositive();
	}

	@Test
	void membersCannotManageGroups() {
		TestTenant tenant = newTenant();
		String email = uniqueEmail();
		createUser(tenant, email, List.of("member"));
		String token = login(email, PASSWORD).get("access_token").toString();
		this.client.post()
			.uri("/v2/groups")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.body(Map.of("name", "sneaky"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private Map<String, Object> createGroup(TestTenant tenant, String name) {
		return postCreated(tenant, "/v2/groups", Map.of("name", name, "description", "people who build"));
	}

}
