package io.strata.identity.tenant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import io.strata.identity.role.Roles;
import io.strata.platform.events.EventTopics;
import io.strata.platform.tenant.TenantErasures;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v2/tenants}: platform admins create, read, list and change tenants; a tenant's
 * admin reads only their own tenant, and every other one is not found for them.
 */
@SuppressWarnings("unchecked")
class TenantApiIntegrationTests extends TenantIntegrationTest {

	@Autowired
	MeterRegistry meters;

	@Autowired
	ObjectProvider<KafkaTemplate<String, byte[]>> kafka;

	@Autowired
	EventTopics topics;

	@Test
	void aPlatformAdminCreatesATenantWithAnAdminInvitationAndAServiceClient() {
		TestTenant platform = platformAdmin();
		String email = uniqueEmail();

		Map<String, Object> created = createTenant(platform, "Acme " + UUID.randomUUID(), email);

		assertThat(created).containsEntry("status", "active").containsEntry("plan", "standard");
		String tenantId = created.get("id").toString();
		Map<?, ?> invitation = (Map<?, ?>) created.get("admin_invitation");
		assertThat(invitation.get("email")).isEqualTo(email);
		assertThat((List<Object>) invitation.get("roles")).containsExactly("admin");
		Map<?, ?> client = (Map<?, ?>) created.get("client");
		assertThat((List<Object>) client.get("scopes")).containsExactlyInAnyOrderElementsOf(Roles.API_SCOPES);
		// the new admin accepts the invitation and signs in to the new tenant
		this.client.post()
			.uri("/v2/invitations/accept")
			.body(Map.of("token", invitation.get("token"), "password", PASSWORD))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		String adminToken = login(email, PASSWORD).get("access_token").toString();
		assertThat(claims(adminToken).getClaim("tid")).isEqualTo(tenantId);
		// the service client gets tokens of the new tenant
		assertThat(claims(clientCredentialsToken(client.get("client_id"), client.get("client_secret"))).getClaim("tid"))
			.isEqualTo(tenantId);
	}

	@Test
	void aTenantAdminCannotCreateTenants() {
		TestTenant tenant = newTenant();
		postTenant(tenant, Map.of("name", "Mine", "admin_email", uniqueEmail())).expectStatus().isForbidden();
	}

	@Test
	void anInvalidTenantIsA400NamingEachField() {
		TestTenant platform = platformAdmin();
		Long before = this.jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class);
		postTenant(platform, Map.of("name", "x".repeat(201), "admin_email", "not an email")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].pointer")
			.value((pointers) -> assertThat((List<Object>) pointers).containsExactlyInAnyOrder("/name",
					"/admin_email"));
		postTenant(platform, Map.of("name", "", "admin_email", uniqueEmail())).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/name");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM tenants", Long.class)).isEqualTo(before);
	}

	@Test
	void aPlatformAdminReadsListsAndChangesTenantsWithETags() {
		TestTenant platform = platformAdmin();
		String tenantId = createTenant(platform, "Before " + UUID.randomUUID(), uniqueEmail()).get("id").toString();

		this.client.get()
			.uri("/v2/tenants/{id}", tenantId)
			.header(HttpHeaders.AUTHORIZATION, platform.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
		String name = "After " + UUID.randomUUID();
		this.client.patch()
			.uri("/v2/tenants/{id}", tenantId)
			.header(HttpHeaders.AUTHORIZATION, platform.bearer())
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.body(Map.of("name", name, "plan", "enterprise", "limits", Map.of("rate_limit_per_second", 50)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name)
			.jsonPath("$.plan")
			.isEqualTo("enterprise")
			.jsonPath("$.limits.rate_limit_per_second")
			.isEqualTo(50);
		// a stale ETag changes nothing
		patch(platform, tenantId, "\"1\"", Map.of("name", "Lost update")).expectStatus().isEqualTo(412);
		patch(platform, tenantId, null, Map.of("limits", Map.of("rate_limit_per_second", -1))).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/limits/rate_limit_per_second");
		assertThat(this.jdbc.queryForObject("SELECT limits::text FROM tenants WHERE id = ?", String.class, tenantId))
			.isEqualTo("{\"rate_limit_per_second\": 50}");
		assertThat(listAll(platform)).contains(tenantId);
		assertThat(this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? ORDER BY seq", String.class,
				tenantId))
			.contains("tenant.created", "tenant.updated");
	}

	@Test
	void aTenantAdminSeesTheirOwnTenantOnly() {
		TestTenant mine = newTenant();
		TestTenant other = newTenant();

		assertThat(getJson(mine, "/v2/tenants/{id}", mine.id())).containsEntry("id", mine.id())
			.containsEntry("status", "active");
		for (String id : List.of(other.id(), "ten_unknown")) {
			this.client.get()
				.uri("/v2/tenants/{id}", id)
				.header(HttpHeaders.AUTHORIZATION, mine.bearer())
				.exchange()
				.expectStatus()
				.isNotFound();
		}
		this.client.get()
			.uri("/v2/tenants")
			.header(HttpHeaders.AUTHORIZATION, mine.bearer())
			.exchange()
			.expectStatus()
			.isForbidden();
		patch(mine, mine.id(), null, Map.of("plan", "free")).expectStatus().isForbidden();
	}

	@Test
	@SuppressWarnings("unchecked")
	void deletingATenantErasesItsRowsButKeepsItsAuditLog() {
		TestTenant platform = platformAdmin();
		TestTenant doomed = newTenant();
		createUser(doomed, uniqueEmail(), List.of("member"));

		getErasure(platform, doomed.id()).expectStatus().isNotFound();
		Map<String, Object> deleted = this.client.delete()
			.uri("/v2/tenants/{id}", doomed.id())
			.header(HttpHeaders.AUTHORIZATION, platform.bearer())
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.location("/v2/tenants/" + doomed.id() + "/erasure")
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(deleted).containsEntry("id", doomed.id()).containsEntry("status", "deleted");
		Map<String, Object> erasure = (Map<String, Object>) deleted.get("erasure");
		assertThat(erasure).containsEntry("status", "running");
		assertThat(serviceStatuses(erasure)).containsExactly(Map.entry("identity-service", "erased"),
				Map.entry("workflow-service", "pending"), Map.entry("analytics-service", "pending"),
				Map.entry("notification-service", "pending"), Map.entry("ml-service", "pending"));

		// every identity table with a tenant_id but the audit log, the outbox and the
		// erasure report (counts, no tenant data) is empty of the tenant
		List<String> tables = this.jdbc.queryForList("""
				SELECT table_name FROM information_schema.columns
				WHERE column_name = 'tenant_id' AND table_schema = current_schema()
				  AND table_name NOT IN ('audit_log', 'strata_outbox', 'tenant_erasures')""", String.class);
		assertThat(tables).contains("users", "oauth_clients", "api_keys", "invitations");
		for (String table : tables) {
			assertThat(this.jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", Long.class,
					doomed.id()))
				.as(table)
				.isZero();
		}
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ?", String.class, doomed.id()))
			.contains("user.created", "tenant.deleted", "tenant.erased");
		assertThat(getJson(platform, "/v2/tenants/{id}", doomed.id())).containsEntry("status", "deleted");
		patch(platform, doomed.id(), null, Map.of("plan", "free")).expectStatus().isEqualTo(409);

		// the other services report over the real Kafka, as each does once it erased its
		// data
		for (String service : List.of("workflow-service", "analytics-service", "notification-service", "ml-service")) {
			new TenantErasures(this.meters, this.kafka, this.topics, service).erased(doomed.id(),
					Map.of("resources", 3L));
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(getJson(platform, "/v2/tenants/{id}/erasure", doomed.id()))
				.containsEntry("status", "succeeded"));
		Map<String, Object> done = getJson(platform, "/v2/tenants/{id}/erasure", doomed.id());
		assertThat(serviceStatuses(done)).containsOnly(Map.entry("identity-service", "erased"),
				Map.entry("workflow-service", "erased"), Map.entry("analytics-service", "erased"),
				Map.entry("notification-service", "erased"), Map.entry("ml-service", "erased"));
		assertThat((List<Map<String, Object>>) done.get("services")).filteredOn("service", "identity-service")
			.singleElement()
			.satisfies((identity) -> assertThat(
					((Number) ((Map<String, Object>) identity.get("erased")).get("users")).longValue())
				.isPositive());
		// only platform admins follow an erasure
		getErasure(doomed, doomed.id()).expectStatus().isForbidden();
	}

	private RestTestClient.ResponseSpec getErasure(TestTenant caller, String id) {
		return this.client.get()
			.uri("/v2/tenants/{id}/erasure", id)
			.header(HttpHeaders.AUTHORIZATION, caller.bearer())
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> serviceStatuses(Map<String, Object> erasure) {
		Map<String, String> statuses = new LinkedHashMap<>();
		for (Map<String, Object> service : (List<Map<String, Object>>) erasure.get("services")) {
			statuses.put((String) service.get("service"), (String) service.get("status"));
		}
		return statuses;
	}

	private Map<String, Object> createTenant(TestTenant platform, String name, String adminEmail) {
		return postCreated(platform, "/v2/tenants", Map.of("name", name, "admin_email", adminEmail));
	}

	private RestTestClient.ResponseSpec postTenant(TestTenant caller, Object body) {
		return this.client.post()
			.uri("/v2/tenants")
			.header(HttpHeaders.AUTHORIZATION, caller.bearer())
			.body(body)
			.exchange();
	}

	private RestTestClient.ResponseSpec patch(TestTenant caller, String id, String ifMatch, Object body) {
		return this.client.patch()
			.uri("/v2/tenants/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, caller.bearer())
			.headers((headers) -> {
				if (ifMatch != null) {
					headers.setIfMatch(ifMatch);
				}
			})
			.body(body)
			.exchange();
	}

	private List<String> listAll(TestTenant platform) {
		List<String> ids = new ArrayList<>();
		String token = null;
		do {
			Map<String, Object> page = getJson(platform,
					"/v2/tenants?page_size=500" + ((token != null) ? "&page_token=" + token : ""));
			((List<?>) page.get("items")).forEach((item) -> ids.add(((Map<?, ?>) item).get("id").toString()));
			token = (String) page.get("next_page_token");
		}
		while (token != null);
		return ids;
	}

}
