package io.strata.gateway.security;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address that presents invalid credentials too fast is refused with 429 before its
 * credentials are checked; public routes (sign-in) stay open to it.
 */
class BadCredentialsIntegrationTests extends GatewayIntegrationTest {

	/**
	 * Overrides the shared context's generous burst (registered after it, so it wins).
	 */
	@DynamicPropertySource
	static void fewBadCredentials(DynamicPropertyRegistry registry) {
		registry.add("strata.gateway.auth.bad-credentials.burst", () -> "5");
		registry.add("strata.gateway.auth.bad-credentials.per-second", () -> "0.1");
	}

	@Test
	void aFloodOfForgedCredentialsIsCutOffPerAddress() {
		int unauthorized = 0;
		int status = 401;
		for (int i = 0; i < 50 && status == 401; i++) {
			status = this.client.get()
				.uri("/v2/resources")
				.header(EdgeCredentialsConverter.API_KEY_HEADER, "sk_forged" + i)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			if (status == 401) {
				unauthorized++;
			}
		}
		assertThat(unauthorized).isEqualTo(5);
		assertThat(status).isEqualTo(429);
		// while the address is cut off, its credentials are not even checked
		this.client.get()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(TOKENS.forgedToken(newTenant())))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		// signing in needs no credentials and stays open
		this.client.post().uri("/v2/auth/login").exchange().expectStatus().isOk();
	}

}
