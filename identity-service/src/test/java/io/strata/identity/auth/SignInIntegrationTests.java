package io.strata.identity.auth;

import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.strata.identity.IdentityIntegrationTest;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-party sign-in API: tokens of the authorization server's shape, refresh
 * rotation with reuse detection, and brute-force throttling that never tells whether an
 * email exists.
 */
class SignInIntegrationTests extends IdentityIntegrationTest {

	@AfterEach
	void forgetFailures() {
		// every test signs in from 127.0.0.1: do not let one test's failures lock out the
		// next
		this.jdbc.update("DELETE FROM login_throttle");
	}

	@Test
	void signInAnswersAnAccessTokenAndARefreshToken() throws Exception {
		TestTenant tenant = newTenant();
		Map<String, Object> tokens = login(tenant.adminEmail().toUpperCase(), PASSWORD);
		assertThat(tokens).containsEntry("token_type", "Bearer").containsEntry("expires_in", 300);
		assertThat(tokens.get("refresh_token").toString()).startsWith("rt_");
		JWTClaimsSet claims = claims(tokens.get("access_token").toString());
		assertThat(claims.getSubject()).isEqualTo(tenant.adminId());
		assertThat(claims.getStringClaim("tid")).isEqualTo(tenant.id());
		assertThat(claims.getStringListClaim("roles")).containsExactly("admin");
		// the admin role grants tenant administration and every API the gateway guards
		assertThat(claims.getStringClaim("scope").split(" ")).contains("identity.admin", "resources.read",
				"resources.write", "analytics.read", "webhooks.read", "webhooks.write", "ml.read", "ml.write");
		assertThat(claims.getStringClaim("azp")).isEqualTo("strata-first-party");
		assertThat(claims.getJWTID()).isNotBlank();
	}

	@Test
	void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
		TestTenant tenant = newTenant();
		String wrongPassword = failedLogin(tenant.adminEmail(), "wrong password!");
		String unknownEmail = failedLogin(uniqueEmail(), "wrong password!");
		assertThat(wrongPassword).isEqualTo(unknownEmail);
	}

	@Test
	void refreshRotatesAndReuseRevokesTheFamily() {
		TestTenant tenant = newTenant();
		String first = login(tenant.adminEmail(), PASSWORD).get("refresh_token").toString();
		Map<String, Object> second = refresh(first);
		String secondToken = second.get("refresh_token").toString();
		assertThat(secondToken).isNotEqualTo(first);
		assertThat(claims(second.get("access_token").toString()).getSubject()).isEqualTo(tenant.adminId());

		// the spent token comes back: someone copied it, so the whole family ends
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", first))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", secondToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", "rt_made-up"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void logoutEndsTheSession() {
		TestTenant tenant = newTenant();
		String refreshToken = login(tenant.adminEmail(), PASSWORD).get("refresh_token").toString();
		this.client.post()
			.uri("/v2/auth/logout")
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void repeatedFailuresLockTheAccountWhetherOrNotItExists() {
		TestTenant tenant = newTenant();
		for (String email : List.of(tenant.adminEmail(), uniqueEmail())) {
			for (int i = 0; i < 5; i++) {
				failedLogin(email, "wrong password!");
			}
			// the sixth failure starts a lockout: even the right password waits
			failedLogin(email, "wrong password!");
			this.client.post()
				.uri("/v2/auth/login")
				.body(Map.of("email", email, "password", PASSWORD))
				.exchange()
				.expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.exists(HttpHeaders.RETRY_AFTER);
		}
		// other accounts from the same address still sign in
		TestTenant other = newTenant();
		assertThat(login(other.adminEmail(), PASSWORD)).containsKey("access_token");
	}

	@Test
	void manyFailuresFromOneAddressLockTheAddress() {
		for (int i = 0; i < 21; i++) {
			failedLogin(uniqueEmail(), "wrong password!");
		}
		this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", uniqueEmail(), "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	private String failedLogin(String email, String password) {
		return this.client.post()
			.uri("/v2/auth/login")
			.body(Map.of("email", email, "password", password))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("detail")
			.toString();
	}

	private Map<String, Object> refresh(String refreshToken) {
		return this.client.post()
			.uri("/v2/auth/refresh")
			.body(Map.of("refresh_token", refreshToken))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

}
