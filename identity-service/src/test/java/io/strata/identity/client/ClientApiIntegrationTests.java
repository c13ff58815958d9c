package io.strata.identity.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /v2/clients}: a tenant admin registers app clients (public, confidential) and
 * back-end clients, lists and deletes them; redirect URIs follow the rules for exact,
 * safe redirects; another tenant's client is not found.
 */
class ClientApiIntegrationTests extends IdentityIntegrationTest {

	@Test
	void anAdminRegistersListsAndDeletesClients() {
		TestTenant tenant = newTenant();
		Map<String, Object> app = create(tenant,
				Map.of("name", "Mobile", "type", "public", "redirect_uris", List.of("com.example.mobile:/callback",
						"http://127.0.0.1/callback", "https://app.example.com/cb"), "scopes",
						List.of("openid", "identity.admin")),
				201);
		assertThat(app).containsKey("client_id").doesNotContainKey("client_secret").containsEntry("type", "public");
		Map<String, Object> web = create(tenant, Map.of("name", "Web", "type", "confidential", "redirect_uris",
				List.of("https://web.example.com/callback"), "scopes", List.of("identity.admin")), 201);
		assertThat(web.get("client_secret").toString()).hasSizeGreaterThan(30);
		Map<String, Object> service = create(tenant,
				Map.of("name", "Batch", "type", "service", "scopes", List.of("identity.admin")), 201);
		// a service client gets client_credentials tokens with its secret
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(service.get("client_id").toString(),
					service.get("client_secret").toString()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.exchange()
			.expectStatus()
			.isOk();

		Map<String, Object> page = getJson(tenant, "/v2/clients?page_size=2");
		assertThat((List<?>) page.get("items")).hasSize(2);
		assertThat(page.get("next_page_token")).isNotNull();

		// another tenant's admin cannot see or delete them
		TestTenant other = newTenant();
		this.client.delete()
			.uri("/v2/clients/" + app.get("client_id"))
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.exchange()
			.expectStatus()
			.isNotFound();
		assertThat(this.client.get()
			.uri("/v2/clients")
			.header(HttpHeaders.AUTHORIZATION, other.bearer())
			.exchange()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("items")).asList().isEmpty();

		this.client.delete()
			.uri("/v2/clients/" + app.get("client_id"))
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(this.jdbc.queryForList("SELECT client_id FROM oauth2_registered_client WHERE client_id = ?",
				String.class, app.get("client_id")))
			.isEmpty();
		// a deleted client cannot start a sign-in
		this.client.get()
			.uri("/oauth2/authorize?response_type=code&client_id=" + app.get("client_id")
					+ "&redirect_uri=https://app.example.com/cb&scope=openid&code_challenge=abc&code_challenge_method=S256")
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(
				this.jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ?", String.class, tenant.id()))
			.contains("client.created", "client.deleted");
	}

	@Test
	void redirectUrisMustBeExactAndSafe() {
		TestTenant tenant = newTenant();
		for (String uri : List.of("http://app.example.com/callback", "http://localhost/callback",
				"https://*.example.com/callback", "https://app.example.com/cb#fragment", "javascript:alert(1)",
				"myapp:/callback", "/relative", "https://user:pass@app.example.com/cb", "https://a.example.com/x,y")) {
			Map<String, Object> problem = create(tenant,
					Map.of("name", "Bad", "type", "public", "redirect_uris", List.of(uri), "scopes", List.of("openid")),
					400);
			assertThat(problem).as(uri).containsEntry("status", 400);
		}
		// a confidential client (a web server) redirects over https, not to an app scheme
		create(tenant, Map.of("name", "Bad", "type", "confidential", "redirect_uris",
				List.of("com.example.app:/callback"), "scopes", List.of("openid")), 400);
		// scopes the tenant's roles do not grant, and unknown types
		create(tenant, Map.of("name", "Bad", "type", "public", "redirect_uris", List.of("https://a.example.com/cb"),
				"scopes", List.of("root")), 400);
		create(tenant, Map.of("name", "Bad", "type", "robot", "scopes", List.of("openid")), 400);
		// only admins manage clients
		String email = uniqueEmail();
		createUser(tenant, email, List.of("member"));
		this.client.post()
			.uri("/v2/clients")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + login(email, PASSWORD).get("access_token"))
			.body(Map.of("name", "Mine", "type", "public", "redirect_uris", List.of("https://a.example.com/cb"),
					"scopes", List.of("openid")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private Map<String, Object> create(TestTenant tenant, Map<String, Object> body, int status) {
		return this.client.post()
			.uri("/v2/clients")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

}
