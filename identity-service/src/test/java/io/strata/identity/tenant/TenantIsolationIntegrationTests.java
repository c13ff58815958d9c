package io.strata.identity.tenant;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants are isolated by PostgreSQL row-level security: a query without the tenant
 * setting sees nothing, and one tenant's token cannot reach another tenant's users or
 * audit entries through the API.
 */
class TenantIsolationIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aQueryWithoutTheTenantSettingSeesNothing() {
		newTenant();
		for (String table : List.of("tenants", "users", "roles", "audit_log", "refresh_tokens",
				"refresh_token_families", "oauth_clients", "api_keys")) {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class)).as(table)
				.isGreaterThanOrEqualTo(0);
			Long seen = this.transactions.execute((status) -> {
				this.jdbc.execute("SET LOCAL ROLE strata_app");
				return this.jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
			});
			assertThat(seen).as(table).isZero();
		}
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM users", Long.class)).isPositive();
	}

	@Test
	void aTenantsTokenCannotReadOrChangeAnotherTenantsUsers() {
		TestTenant a = newTenant();
		TestTenant b = newTenant();
		String bUser = createUser(b, uniqueEmail(), List.of("member")).get("id").toString();

		this.client.get()
			.uri("/v2/users/" + bUser)
			.header(HttpHeaders.AUTHORIZATION, a.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.patch()
			.uri("/v2/users/" + bUser)
			.header(HttpHeaders.AUTHORIZATION, a.bearer())
			.body(Map.of("disabled", true))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.delete()
			.uri("/v2/users/" + bUser)
			.header(HttpHeaders.AUTHORIZATION, a.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		Map<String, Object> aList = getJson(a, "/v2/users");
		assertThat((List<Object>) aList.get("items")).extracting((item) -> (Object) ((Map<?, ?>) item).get("tenant_id"))
			.containsOnly(a.id());
		Map<String, Object> aAudit = getJson(a, "/v2/audit");
		assertThat((List<Object>) aAudit.get("items")).isNotEmpty()
			.extracting((item) -> (Object) ((Map<?, ?>) item).get("tenant_id"))
			.containsOnly(a.id());
		// B's user is untouched
		this.client.get()
			.uri("/v2/users/" + bUser)
			.header(HttpHeaders.AUTHORIZATION, b.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.disabled")
			.isEqualTo(false);
	}

}
