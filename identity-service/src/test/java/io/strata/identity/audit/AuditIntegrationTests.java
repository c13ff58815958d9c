package io.strata.identity.audit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.platform.tenant.TenantScope;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hash-chained audit log: what it records, its verification, its append-only role.
 */
class AuditIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	TenantScope tenants;

	@Test
	void signInsAndUserChangesAreRecordedAndTheChainVerifies() {
		TestTenant tenant = newTenant();
		createUser(tenant, uniqueEmail(), List.of("member"));
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", tenant.adminEmail(), "password", "wrong password!"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.jdbc.update("DELETE FROM login_throttle");

		List<String> actions = actions(tenant);
		assertThat(actions).containsSubsequence("auth.login_failed", "user.created", "auth.login_succeeded",
				"user.created", "tenant.created");
		assertThat(verify(tenant)).containsEntry("valid", true).containsEntry("first_broken_seq", null);
	}

	@Test
	void verificationReportsTheFirstBrokenLink() {
		TestTenant tenant = newTenant();
		createUser(tenant, uniqueEmail(), List.of());
		createUser(tenant, uniqueEmail(), List.of());
		// someone with the owner's rights edits history behind the service's back
		this.jdbc.update(
				"UPDATE audit_log SET details = '{\"email\":\"someone@else\"}' WHERE tenant_id = ? AND seq = 2",
				tenant.id());
		Map<String, Object> result = verify(tenant);
		assertThat(result).containsEntry("valid", false).containsEntry("first_broken_seq", 2);
	}

	@Test
	void theServiceRoleCannotUpdateOrDeleteAuditEntries() {
		TestTenant tenant = newTenant();
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.tenants.run(tenant.id(),
					(status) -> this.jdbc.update("UPDATE audit_log SET actor = 'nobody'")))
			.havingRootCause()
			.withMessageContaining("permission denied for table audit_log");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.tenants.run(tenant.id(), (status) -> this.jdbc.update("DELETE FROM audit_log")))
			.havingRootCause()
			.withMessageContaining("permission denied for table audit_log");
		assertThat(verify(tenant)).containsEntry("valid", true);
	}

	@Test
	void pagesNewestFirstAndFiltersByAction() {
		TestTenant tenant = newTenant();
		for (int i = 0; i < 3; i++) {
			createUser(tenant, uniqueEmail(), List.of());
		}
		Map<String, Object> first = getJson(tenant, "/v2/audit?page_size=2&action=user.created");
		assertThat((List<?>) first.get("items")).hasSize(2);
		Map<String, Object> second = getJson(tenant,
				"/v2/audit?page_size=2&action=user.created&page_token=" + first.get("next_page_token"));
		// three users created by the API, one admin created by the test setup
		assertThat((List<?>) second.get("items")).hasSize(2);
		assertThat(second.get("next_page_token")).isNull();
	}

	private List<String> actions(TestTenant tenant) {
		Map<String, Object> page = getJson(tenant, "/v2/audit");
		return ((List<?>) page.get("items")).stream()
			.map((item) -> ((Map<?, ?>) item).get("action").toString())
			.toList();
	}

	private Map<String, Object> verify(TestTenant tenant) {
		return getJson(tenant, "/v2/audit/verify");
	}

}
