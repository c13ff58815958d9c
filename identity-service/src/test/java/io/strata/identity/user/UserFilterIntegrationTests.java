package io.strata.identity.user;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v2/users?filter=...}: AIP-160 over an allow-list of fields. */
class UserFilterIntegrationTests extends IdentityIntegrationTest {

	@Test
	void filtersByEmailRolesDisabledAndTimeAndPagesTheResult() {
		TestTenant tenant = newTenant();
		String alice = "alice-" + uniqueEmail();
		String bob = "bob-" + uniqueEmail();
		String carol = "carol-" + uniqueEmail();
		createUser(tenant, alice, List.of("member"));
		createUser(tenant, bob, List.of("admin"));
		String carolId = (String) createUser(tenant, carol, List.of("member")).get("id");
		this.client.patch()
			.uri("/v2/users/{id}", carolId)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(emails(tenant, "email = \"" + alice.toUpperCase() + "\"")).containsExactly(alice);
		assertThat(emails(tenant, "roles:admin")).containsExactlyInAnyOrder(tenant.adminEmail(), bob);
		assertThat(emails(tenant, "disabled = true")).containsExactly(carol);
		assertThat(emails(tenant, "roles:member AND NOT disabled = true")).containsExactly(alice);
		assertThat(emails(tenant, "email = \"alice-*\" OR email = \"bob-*\"")).containsExactlyInAnyOrder(alice, bob);
		assertThat(emails(tenant, "created_at > \"2000-01-01T00:00:00Z\"")).hasSize(4);
		assertThat(emails(tenant, "created_at > 2999-01-01T00:00:00Z")).isEmpty();
		assertThat(emails(tenant, "email = \"x' OR '1'='1\"")).isEmpty();

		Map<String, Object> first = list(tenant, "roles:member", 1);
		assertThat((List<?>) first.get("items")).hasSize(1);
		Map<String, Object> second = getJson(tenant, "/v2/users?filter={f}&page_size=1&page_token={t}", "roles:member",
				first.get("next_page_token"));
		assertThat((List<?>) second.get("items")).hasSize(1);
		assertThat(second.get("next_page_token")).isNull();
	}

	@Test
	void badFiltersAre400ProblemsNamingTheProblem() {
		TestTenant tenant = newTenant();
		badFilter(tenant, "email = ").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("position"));
		badFilter(tenant, "password_hash = \"x\"").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("unknown field 'password_hash'"));
		badFilter(tenant, "disabled = \"yes\"").jsonPath("$.errors[0].pointer").isEqualTo("/filter");
		badFilter(tenant, "roles = \"admin\"").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("roles:value"));
		badFilter(tenant, "created_at > \"yesterday\"");
	}

	private org.springframework.test.web.servlet.client.RestTestClient.BodyContentSpec badFilter(TestTenant tenant,
			String filter) {
		return this.client.get()
			.uri("/v2/users?filter={f}", filter)
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
	}

	@SuppressWarnings("unchecked")
	private List<String> emails(TestTenant tenant, String filter) {
		return ((List<Map<String, Object>>) list(tenant, filter, 500).get("items")).stream()
			.map((user) -> (String) user.get("email"))
			.toList();
	}

	private Map<String, Object> list(TestTenant tenant, String filter, int pageSize) {
		return getJson(tenant, "/v2/users?filter={f}&page_size={s}", filter, pageSize);
	}

}
