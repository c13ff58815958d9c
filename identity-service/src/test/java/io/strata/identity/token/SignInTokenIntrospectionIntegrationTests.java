package io.strata.identity.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;
import io.strata.identity.client.OAuthClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspection (RFC 7662) of the first-party sign-in API's tokens, which the
 * authorization server did not issue: active while signed, unexpired and their session
 * lives; inactive after sign-out, once expired, or when forged; and only for clients of
 * the token's tenant.
 */
class SignInTokenIntrospectionIntegrationTests extends IdentityIntegrationTest {

	@Autowired
	OAuthClients clients;

	@Autowired
	AccessTokens accessTokens;

	@Autowired
	JwtEncoder encoder;

	@Test
	void aSignInTokenIsActiveUntilItsSessionEnds() throws Exception {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials resourceServer = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "api", Set.of("identity.admin")));
		Map<String, Object> session = login(tenant.adminEmail(), PASSWORD);
		String token = session.get("access_token").toString();

		Map<String, Object> active = introspect(resourceServer, token);
		assertThat(active).containsEntry("active", true)
			.containsEntry("sub", tenant.adminId())
			.containsEntry("tid", tenant.id())
			.containsEntry("client_id", AccessTokens.FIRST_PARTY)
			.containsEntry("token_type", "Bearer")
			.containsEntry("roles", List.of("admin"))
			.containsKeys("exp", "iat", "jti");
		assertThat(active.get("scope").toString().split(" ")).contains("identity.admin");

		// another tenant's client learns nothing about it
		TestTenant other = newTenant();
		OAuthClients.ClientCredentials stranger = this.clients
			.register(new OAuthClients.RegisterClient(other.id(), "test", "api", Set.of("identity.admin")));
		assertThat(introspect(stranger, token)).containsEntry("active", false).doesNotContainKey("sub");

		// a tampered token is not active
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertThat(introspect(resourceServer, tampered)).containsEntry("active", false);
		assertThat(introspect(resourceServer, "not-a-token")).containsEntry("active", false);

		// signed out: the session's tokens are no longer active
		this.client.post()
			.uri("/v2/auth/logout")
			.body(Map.of("refresh_token", session.get("refresh_token")))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(introspect(resourceServer, token)).containsEntry("active", false);
	}

	@Test
	void anExpiredSignInTokenIsNotActive() throws Exception {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials resourceServer = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "api", Set.of("identity.admin")));
		String live = login(tenant.adminEmail(), PASSWORD).get("access_token").toString();
		JWTClaimsSet liveClaims = claims(live);

		// the same claims and session, signed by our key, but expired a minute ago
		Instant past = Instant.now().minusSeconds(600);
		JwtClaimsSet.Builder expired = JwtClaimsSet.builder()
			.issuer(liveClaims.getIssuer())
			.subject(liveClaims.getSubject())
			.issuedAt(past)
			.expiresAt(past.plusSeconds(300))
			.claim(AccessTokens.SESSION, liveClaims.getStringClaim(AccessTokens.SESSION));
		this.accessTokens.strataClaims(expired, tenant.id(), List.of("identity.admin"), List.of("admin"),
				AccessTokens.FIRST_PARTY);
		JwsHeader.Builder header = JwsHeader.with(SignatureAlgorithm.RS256);
		this.accessTokens.signingHeader(header);
		String token = this.encoder.encode(JwtEncoderParameters.from(header.build(), expired.build())).getTokenValue();

		assertThat(introspect(resourceServer, live)).containsEntry("active", true);
		assertThat(introspect(resourceServer, token)).containsEntry("active", false);
	}

}
