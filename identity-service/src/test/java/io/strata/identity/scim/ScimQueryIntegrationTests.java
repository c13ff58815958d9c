package io.strata.identity.scim;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

/** SCIM list requests: every filter operator, paging, and filter syntax errors. */
class ScimQueryIntegrationTests extends ScimIntegrationTest {

	@Test
	void everyFilterOperatorSelectsTheRightUsers() throws InterruptedException {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		String run = UUID.randomUUID().toString().substring(0, 8);
		String ada = createScimUser(token, "ada-" + run + "@analytical.example",
				Map.of("externalId", "ext-ada", "displayName", "Ada Lovelace"))
			.get("id")
			.toString();
		Thread.sleep(20);
		Instant between = Instant.now();
		Thread.sleep(20);
		String grace = createScimUser(token, "grace-" + run + "@navy.example",
				Map.of("externalId", "ext-grace", "displayName", "Grace Hopper", "active", false))
			.get("id")
			.toString();
		String admin = tenant.adminId();

		Map<String, List<String>> expectations = new java.util.LinkedHashMap<>();
		expectations.put("userName eq \"ADA-" + run + "@analytical.example\"", List.of(ada));
		expectations.put("userName ne \"ada-" + run + "@analytical.example\"", List.of(admin, grace));
		expectations.put("emails.value co \"navy\"", List.of(grace));
		expectations.put("userName sw \"grace-\"", List.of(grace));
		expectations.put("emails.value ew \"@analytical.example\"", List.of(ada));
		expectations.put("externalId pr", List.of(ada, grace));
		expectations.put("active eq false", List.of(grace));
		expectations.put("externalId eq \"ext-grace\"", List.of(grace));
		expectations.put("displayName eq \"ada lovelace\"", List.of(ada));
		expectations.put("meta.created gt \"" + between + "\"", List.of(grace));
		expectations.put("meta.created ge \"" + between + "\"", List.of(grace));
		expectations.put("meta.created lt \"" + between + "\"", List.of(admin, ada));
		expectations.put("meta.lastModified le \"" + between + "\"", List.of(admin, ada));
		expectations.put("displayName sw \"Ada\" or displayName sw \"Grace\"", List.of(ada, grace));
		expectations.put("externalId pr and active eq true", List.of(ada));
		expectations.put("not (externalId pr)", List.of(admin));
		expectations.put("emails[value ew \"navy.example\"]", List.of(grace));

		expectations.forEach((filter, expected) -> {
			Map<String, Object> list = scimOk(HttpMethod.GET, token, "/scim/v2/Users?filter=" + filter, null);
			assertThat(ids(list)).as(filter).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(list).as(filter).containsEntry("totalResults", expected.size());
		});
	}

	@Test
	void startIndexAndCountPageThroughUsers() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		for (int i = 0; i < 4; i++) {
			createScimUser(token, uniqueEmail(), Map.of());
		}
		Set<Object> seen = new HashSet<>();
		for (int start = 1; start <= 5; start += 2) {
			Map<String, Object> page = scimOk(HttpMethod.GET, token, "/scim/v2/Users?startIndex=" + start + "&count=2",
					null);
			assertThat(page).containsEntry("totalResults", 5).containsEntry("startIndex", start);
			seen.addAll(ids(page));
			assertThat(page).containsEntry("itemsPerPage", (start == 5) ? 1 : 2);
		}
		assertThat(seen).hasSize(5);
		Map<String, Object> countOnly = scimOk(HttpMethod.GET, token, "/scim/v2/Users?count=0", null);
		assertThat(countOnly).containsEntry("totalResults", 5);
		assertThat(ids(countOnly)).isEmpty();
		Map<String, Object> beyond = scimOk(HttpMethod.GET, token, "/scim/v2/Users?startIndex=99", null);
		assertThat(beyond).containsEntry("totalResults", 5);
		assertThat(ids(beyond)).isEmpty();
	}

	@Test
	void aMalformedFilterIsAnInvalidFilterError() {
		TestTenant tenant = newTenant();
		String token = scimToken(tenant);
		for (String filter : List.of("userName eq", "userName zz \"x\"", "(userName eq \"x\"",
				"userName eq \"x\" and")) {
			scim(HttpMethod.GET, token, "/scim/v2/Users?filter=" + filter, null, null).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(SCIM)
				.expectBody()
				.jsonPath("$.schemas[0]")
				.isEqualTo(ERROR_SCHEMA)
				.jsonPath("$.status")
				.isEqualTo("400")
				.jsonPath("$.scimType")
				.isEqualTo("invalidFilter");
		}
		scim(HttpMethod.GET, token, "/scim/v2/Groups?filter=displayName eq", null, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.scimType")
			.isEqualTo("invalidFilter");
	}

}
