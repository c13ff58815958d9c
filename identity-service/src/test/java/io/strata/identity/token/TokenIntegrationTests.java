package io.strata.identity.token;

import java.time.Duration;

import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.CachedClients;
import io.strata.identity.client.OAuthClients;
import io.strata.identity.role.Roles;
import io.strata.identity.tenant.CreatingTenants;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The authorization server's protocol endpoints on real PostgreSQL: client_credentials,
 * JWKS, discovery, introspection, revocation, and signing-key rotation.
 */
class TokenIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	OAuthClients clients;

	@Autowired
	CachedClients cachedClients;

	@LocalServerPort
	int port;

	@Test
	void clientCredentialsIssuesAStrataAccessToken() throws Exception {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("identity.admin")));
		String token = clientToken(client, "identity.admin");
		JWTClaimsSet claims = claims(token);
		assertThat(claims.getSubject()).isEqualTo(client.clientId());
		assertThat(claims.getStringClaim("tid")).isEqualTo(tenant.id());
		assertThat(claims.getStringClaim("scope")).isEqualTo("identity.admin");
		assertThat(claims.getStringListClaim("roles")).isEmpty();
		assertThat(claims.getStringClaim("azp")).isEqualTo(client.clientId());
		assertThat(claims.getJWTID()).isNotBlank();
		// the platform's public URL, not identity's own address; the platform's APIs as
		// audience
		assertThat(claims.getIssuer()).isEqualTo("http://localhost:8080");
		assertThat(claims.getAudience()).containsExactly("strata");
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
			.isEqualTo(Duration.ofMinutes(5));
		// the token works on the tenant's API, like a signed-in admin's
		this.client.get()
			.uri("/v2/users")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].tenant_id")
			.isEqualTo(tenant.id());
		// a wrong secret gets nothing
		this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), "wrong"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "client_credentials"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	/**
	 * Client secrets are stored as a peppered HMAC-SHA-256 (fast: a token request costs
	 * no Argon2); one stored earlier as Argon2id still authenticates once and is then
	 * stored as the HMAC; a wrong secret fails against either.
	 */
	@Test
	void clientSecretsAreAPepperedHmacAndArgon2SecretsUpgradeOnUse() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("identity.admin")));
		assertThat(storedSecret(client)).startsWith("{hmac-sha256}").doesNotContain(client.clientSecret());
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");
		// the pepper is stored encrypted: no row holds it in the clear
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM secret_peppers", Long.class)).isEqualTo(1);

		this.jdbc.update("UPDATE oauth2_registered_client SET client_secret = ? WHERE client_id = ?",
				"{argon2}" + Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(client.clientSecret()),
				client.clientId());
		// as the code that changes a client does, rather than wait for PostgreSQL's
		// notification: the next request reads the row again
		this.cachedClients.evict(client.clientId());
		wrongSecret(client);
		assertThat(storedSecret(client)).startsWith("{argon2}");
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");
		assertThat(storedSecret(client)).startsWith("{hmac-sha256}");
		assertThat(clientCredentials(client.clientId(), client.clientSecret(), null)).containsKey("access_token");
		wrongSecret(client);
	}

	private String storedSecret(OAuthClients.ClientCredentials client) {
		return this.jdbc.queryForObject("SELECT client_secret FROM oauth2_registered_client WHERE client_id = ?",
				String.class, client.clientId());
	}

	private void wrongSecret(OAuthClients.ClientCredentials client) {
		this.client.post()
			.uri("/oauth2/token")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret() + "x"))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("grant_type", "client_credentials"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void aClientThatAsksForNoScopeGetsItsRegisteredScopes() throws Exception {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients.register(new OAuthClients.RegisterClient(tenant.id(),
				"test", "reporting", Set.of("resources.read", "analytics.read")));
		Map<String, Object> answer = clientCredentials(client.clientId(), client.clientSecret(), null);
		assertThat(claims(answer.get("access_token").toString()).getStringClaim("scope").split(" "))
			.containsExactlyInAnyOrder("resources.read", "analytics.read");
		assertThat(answer.get("scope").toString().split(" ")).containsExactlyInAnyOrder("resources.read",
				"analytics.read");
		// asking for a narrower set still narrows
		assertThat(claims(clientToken(client, "resources.read")).getStringClaim("scope")).isEqualTo("resources.read");
	}

	@Test
	void discoveryAndJwksDescribeTheIssuer() throws Exception {
		this.client.get()
			.uri("/.well-known/openid-configuration")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.issuer")
			.isEqualTo("http://localhost:8080")
			.jsonPath("$.jwks_uri")
			.isEqualTo("http://localhost:8080/oauth2/jwks")
			.jsonPath("$.token_endpoint")
			.isEqualTo("http://localhost:8080/oauth2/token");
		JWKSet jwks = jwks();
		// the current key signs, the next one is already published
		assertThat(jwks.getKeys()).hasSizeGreaterThanOrEqualTo(2);
		assertThat(jwks.getKeys()).allMatch((key) -> !key.isPrivate());
	}

	@Test
	void introspectionAndRevocation() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("identity.admin")));
		String token = clientToken(client, "identity.admin");
		Map<String, Object> active = introspect(client, token);
		assertThat(active).containsEntry("active", true).containsEntry("tid", tenant.id());
		this.client.post()
			.uri("/oauth2/revoke")
			.headers((headers) -> headers.setBasicAuth(client.clientId(), client.clientSecret()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form("token", token))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(introspect(client, token)).containsEntry("active", false);
	}

	@Test
	void tokensSignedBeforeARotationStillValidateAgainstThePublishedJwks() throws Exception {
		String tenantId = this.creatingTenants
			.create(new CreatingTenants.CreateTenant("Platform", "test", Roles.PLATFORM));
		OAuthClients.ClientCredentials operator = this.clients
			.register(new OAuthClients.RegisterClient(tenantId, "test", "operator", Set.of("identity.keys")));
		String before = clientToken(operator, "identity.keys");

		Map<String, Object> rotated = this.client.post()
			.uri("/v2/tenants/-/signing-keys/rotate")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + before)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String after = clientToken(operator, "identity.keys");
		assertThat(kid(after)).isEqualTo(rotated.get("kid")).isNotEqualTo(kid(before));

		// a verifier that knows nothing but the published JWKS accepts both tokens
		NimbusJwtDecoder verifier = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + this.port + "/oauth2/jwks")
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.build();
		Jwt old = verifier.decode(before);
		assertThat(old.getClaimAsString("tid")).isEqualTo(tenantId);
		assertThat(verifier.decode(after).getClaimAsString("tid")).isEqualTo(tenantId);
		Set<String> published = Set.copyOf(jwks().getKeys().stream().map((key) -> key.getKeyID()).toList());
		assertThat(published).contains(kid(before), kid(after));
		// the old token still works on the API
		this.client.get()
			.uri("/v2/tenants/-/signing-keys")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + before)
			.exchange()
			.expectStatus()
			.isOk();
		// and a token from a key the JWKS never published does not
		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> verifier
			.decode(before.substring(0, before.lastIndexOf('.') + 1) + after.substring(after.lastIndexOf('.') + 1)));
	}

	@Test
	void rotationNeedsThePlatformAdmin() {
		TestTenant tenant = newTenant();
		this.client.post()
			.uri("/v2/tenants/-/signing-keys/rotate")
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private JWKSet jwks() throws Exception {
		String body = this.client.get()
			.uri("/oauth2/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return JWKSet.parse(body);
	}

	private String clientToken(OAuthClients.ClientCredentials client, String scope) {
		Map<String, Object> response = clientCredentials(client.clientId(), client.clientSecret(), scope);
		assertThat(response).containsEntry("token_type", "Bearer").containsEntry("expires_in", 299);
		return response.get("access_token").toString();
	}

}
