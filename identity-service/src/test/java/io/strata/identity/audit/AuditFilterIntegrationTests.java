package io.strata.identity.audit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v2/audit?filter=...}. */
class AuditFilterIntegrationTests extends IdentityIntegrationTest {

	@Test
	void filtersByTypeActorTargetSequenceAndTime() {
		TestTenant tenant = newTenant();
		String first = (String) createUser(tenant, uniqueEmail(), List.of()).get("id");
		String second = (String) createUser(tenant, uniqueEmail(), List.of()).get("id");

		List<Map<String, Object>> created = entries(tenant,
				"type = \"user.created\" AND actor = \"" + tenant.adminId() + "\"");
		assertThat(created).extracting((entry) -> entry.get("target")).containsExactly(second, first);
		assertThat(entries(tenant, "action = \"user.created\" AND target = \"" + first + "\"")).hasSize(1);
		assertThat(entries(tenant, "seq <= 2")).extracting((entry) -> entry.get("seq")).containsExactly(2, 1);
		assertThat(entries(tenant, "occurred_at > \"2999-01-01T00:00:00Z\"")).isEmpty();
		assertThat(entries(tenant, "type = \"auth.*\"")).extracting((entry) -> entry.get("action"))
			.containsOnly("auth.login_succeeded");
	}

	@Test
	void badFiltersAre400() {
		TestTenant tenant = newTenant();
		for (String filter : List.of("type = \"user.created\" AND", "details = \"x\"", "seq > \"two\"",
				"(((action = \"a\")")) {
			this.client.get()
				.uri("/v2/audit?filter={f}", filter)
				.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.errors[0].pointer")
				.isEqualTo("/filter");
		}
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> entries(TestTenant tenant, String filter) {
		return (List<Map<String, Object>>) getJson(tenant, "/v2/audit?filter={f}", filter).get("items");
	}

}
