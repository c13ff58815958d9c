package io.strata.gateway.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Timestamp;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.KeyRing;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route but the public ones needs a valid JWT or API key; each way a credential can
 * be wrong is a 401 problem with a Bearer challenge; a missing route scope is a 403.
 */
class AuthenticationIntegrationTests extends GatewayIntegrationTest {

	@Test
	void missingCredentialsAre401ProblemWithBearerChallenge() {
		expectUnauthorized(this.client.get().uri("/v2/users/u-1"));
		expectUnauthorized(
				this.client.post().uri("/v2/resources").contentType(MediaType.APPLICATION_JSON).bodyValue("{}"));
		expectUnauthorized(this.client.get().uri("/v2/unknown"));
	}

	@Test
	void validTokenReachesTheServiceWithTheTokenForwarded() {
		expectForwarded(TOKENS.token(newTenant(), "resources.read"));
	}

	private void expectForwarded(String token) {
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.headers.authorization")
			.isEqualTo(bearer(token));
	}

	@Test
	void expiredForgedAndMalformedTokensAre401() {
		String tenant = newTenant();
		expectUnauthorized(withToken(TOKENS.expiredToken(tenant)));
		expectUnauthorized(withToken(TOKENS.forgedToken(tenant)));
		expectUnauthorized(withToken("not.a.jwt"));
		expectUnauthorized(withToken("%%%"));
		expectUnauthorized(
				this.client.get().uri("/v2/users/u-1").header(HttpHeaders.AUTHORIZATION, "Basic Zm9vOmJhcg=="));
		expectUnauthorized(this.client.get().uri("/v2/users/u-1").header(HttpHeaders.AUTHORIZATION, "Bearer "));
	}

	@Test
	void unsignedTokenWithAlgNoneIs401() {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		long now = Instant.now().getEpochSecond();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(("{\"iss\":\"http://127.0.0.1/strata-test\",\"sub\":\"x\",\"tid\":\"t\","
				+ "\"iat\":" + now + ",\"exp\":" + (now + 300) + "}")
			.getBytes(StandardCharsets.UTF_8));
		expectUnauthorized(withToken(header + "." + payload + "."));
	}

	@Test
	void es256AndEdDsaTokensPassAndForgedOnesAre401() {
		for (JWSAlgorithm algorithm : List.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA)) {
			expectForwarded(TOKENS.tokenSignedWith(algorithm, newTenant(), "resources.read"));
			// the published key's kid, another key's signature
			expectUnauthorized(withToken(TOKENS.forgedTokenSignedWith(algorithm, newTenant())));
		}
		// an algorithm of no family Nimbus knows names no key
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String valid = TOKENS.tokenSignedWith(JWSAlgorithm.EdDSA, newTenant());
		String header = base64.encodeToString("{\"alg\":\"XYZ\"}".getBytes(StandardCharsets.UTF_8));
		expectUnauthorized(withToken(header + valid.substring(valid.indexOf('.'))));
	}

	@Test
	void notYetValidWrongIssuerAndWrongAudienceTokensAre401() {
		Map<String, Object> future = KeyRing.claims(newTenant(), "");
		long inTenMinutes = Instant.now().getEpochSecond() + 600;
		future.put("nbf", inTenMinutes);
		future.put("iat", inTenMinutes);
		future.put("exp", inTenMinutes + 300);
		expectUnauthorized(withToken(KEYS.sign(future)));

		Map<String, Object> otherIssuer = KeyRing.claims(newTenant(), "");
		otherIssuer.put("iss", "https://evil.example.com");
		expectUnauthorized(withToken(KEYS.sign(otherIssuer)));

		// a token of the same issuer for another API, or for none, is not for the
		// platform
		Map<String, Object> otherAudience = KeyRing.claims(newTenant(), "");
		otherAudience.put("aud", "billing-api");
		expectUnauthorized(withToken(KEYS.sign(otherAudience)));
		Map<String, Object> noAudience = KeyRing.claims(newTenant(), "");
		noAudience.remove("aud");
		expectUnauthorized(withToken(KEYS.sign(noAudience)));

		// the same key and claims with the right issuer pass: the rejections above are
		// for
		// the claim, not the key
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(KEYS.sign(KeyRing.claims(newTenant(), ""))))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void rotatedKeyIsFetchedOnceAndForgedKidsDoNotFloodTheJwks() throws InterruptedException {
		RSAKey rotated = KEYS.rotate();
		Thread.sleep(1100);
		this.client.get()
			.uri("/v2/users/u-1")
			.header(HttpHeaders.AUTHORIZATION, bearer(KeyRing.sign(rotated, KeyRing.claims(newTenant(), ""))))
			.exchange()
			.expectStatus()
			.isOk();
		RSAKey foreign = KeyRing.newKey();
		int fetches = KEYS.fetches();
		long started = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			RSAKey unknownKid = new RSAKey.Builder(foreign).keyID(UUID.randomUUID().toString()).build();
			expectUnauthorized(withToken(KeyRing.sign(unknownKid, KeyRing.claims(newTenant(), ""))));
		}
		// the interval the loop started in, those it spanned, the rotation's fetch
		long intervals = 2 + (System.nanoTime() - started) / 1_000_000_000L;
		// refreshes for unknown kids are rate-limited (Nimbus: two per interval, 1 s
		// here): 50 forged kids never mean 50 JWKS fetches
		assertThat(KEYS.fetches() - fetches).isLessThanOrEqualTo(2 * (int) intervals).isLessThan(50);
	}

	@Test
	void routeScopeIsRequired() {
		this.client.get()
			.uri("/test/scoped/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read")))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(403);
		this.client.get()
			.uri("/test/scoped/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read resources.write")))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void publicRoutesNeedNoCredentialsAndIgnoreStaleOnes() {
		this.client.post().uri("/v2/auth/login").exchange().expectStatus().isOk();
		this.client.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk();
		this.client.get().uri("/oauth2/jwks").exchange().expectStatus().isOk();
		this.client.post()
			.uri("/v2/auth/refresh")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.expiredToken(newTenant())))
			.exchange()
			.expectStatus()
			.isOk();
		management().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void thePublicPortServesNoManagementEndpoints() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/health", "/actuator/env",
				"/actuator/metrics" }) {
			this.client.get().uri(path).exchange().expectStatus().value((status) -> assertThat(status).isIn(401, 404));
			this.client.get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.token(newTenant(), "resources.read")))
				.exchange()
				.expectStatus()
				.isNotFound();
		}
		management().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
	}

	@Test
	void apiKeysAreResolvedThroughIdentityCachedAndRevokedWithinTheCacheTime() throws InterruptedException {
		String key = "sk_" + UUID.randomUUID();
		GRPC.apiKeys.put(key, apiKey(newTenant(), Instant.now().plusSeconds(300)));
		int calls = GRPC.resolveCalls.get();
		this.client.get().uri("/v2/users/u-1").header("X-API-Key", key).exchange().expectStatus().isOk();
		this.client.get()
			.uri("/test/scoped/x")
			.header(HttpHeaders.AUTHORIZATION, bearer(key))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(GRPC.resolveCalls.get() - calls).isEqualTo(1);

		GRPC.apiKeys.remove(key);
		Thread.sleep(2200);
		expectUnauthorized(this.client.get().uri("/v2/users/u-1").header("X-API-Key", key));
		expectUnauthorized(this.client.get().uri("/v2/users/u-1").header("X-API-Key", "sk_unknown"));
	}

	@Test
	void servicesGetTheAccessTokenIdentityMintedForTheKeyNeverTheKey() {
		String key = "sk_" + UUID.randomUUID();
		ResolveApiKeyResponse resolved = apiKey(newTenant(), Instant.now().plusSeconds(300));
		GRPC.apiKeys.put(key, resolved);
		for (var request : List.of(this.client.get().uri("/v2/users/u-1").header("X-API-Key", key),
				this.client.get().uri("/v2/users/u-1").header(HttpHeaders.AUTHORIZATION, bearer(key)))) {
			request.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.headers.authorization")
				.isEqualTo(bearer(resolved.getAccessToken()))
				.jsonPath("$.headers['x-api-key']")
				.doesNotExist()
				.consumeWith((result) -> assertThat(new String(result.getResponseBodyContent(), StandardCharsets.UTF_8))
					.doesNotContain(key));
		}
	}

	@Test
	void aResolvedKeyIsNotReusedPastItsAccessTokensExpiry() throws InterruptedException {
		String key = "sk_" + UUID.randomUUID();
		// the token has 6 s left and the margin is 5 s: the resolution is kept at most 1
		// s,
		// well below the 2 s the test context keeps API keys
		GRPC.apiKeys.put(key, apiKey(newTenant(), Instant.now().plusSeconds(6)));
		int calls = GRPC.resolveCalls.get();
		this.client.get().uri("/v2/users/u-1").header("X-API-Key", key).exchange().expectStatus().isOk();
		Thread.sleep(1200);
		this.client.get().uri("/v2/users/u-1").header("X-API-Key", key).exchange().expectStatus().isOk();
		assertThat(GRPC.resolveCalls.get() - calls).isEqualTo(2);
	}

	@Test
	void aKeyIdentityGaveNoAccessTokenForIs401WithAClearDetail() {
		String key = "sk_" + UUID.randomUUID();
		GRPC.apiKeys.put(key, apiKey(newTenant(), null));
		int calls = ECHO.calls();
		expectUnauthorized(this.client.get().uri("/v2/users/u-1").header("X-API-Key", key)).jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("identity issued no access token"));
		assertThat(ECHO.calls()).isEqualTo(calls);
	}

	/**
	 * What identity answers for a key: its access token is a real JWT of the tenant, or
	 * none when {@code tokenExpiresAt} is null.
	 */
	private static ResolveApiKeyResponse apiKey(String tenant, Instant tokenExpiresAt) {
		ResolveApiKeyResponse.Builder key = ResolveApiKeyResponse.newBuilder()
			.setTenantId(tenant)
			.setKeyId("k-" + UUID.randomUUID())
			.setSubject("svc-billing")
			.addAllScopes(List.of("resources.write"));
		if (tokenExpiresAt != null) {
			key.setAccessToken(TOKENS.token(tenant, "resources.write"))
				.setAccessTokenExpiresAt(Timestamp.newBuilder().setSeconds(tokenExpiresAt.getEpochSecond()));
		}
		return key.build();
	}

	private WebTestClient.RequestHeadersSpec<?> withToken(String token) {
		return this.client.get().uri("/v2/users/u-1").header(HttpHeaders.AUTHORIZATION, bearer(token));
	}

	private static WebTestClient.BodyContentSpec expectUnauthorized(WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.traceId")
			.isNotEmpty();
	}

}
