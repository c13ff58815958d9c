package io.strata.platform.tenant;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class TenantContextTests {

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void onlyTheTokensOwnTenantIsTheCallers() {
		signIn("tenant-a");
		assertThat(TenantContext.isCallersTenant("tenant-a")).isTrue();
		assertThat(TenantContext.isCallersTenant("tenant-b")).isFalse();
		assertThat(TenantContext.isCallersTenant("")).isFalse();
	}

	@Test
	void aTokenWithoutTenantOwnsNone() {
		signIn(null);
		assertThat(TenantContext.isCallersTenant("tenant-a")).isFalse();
		SecurityContextHolder.clearContext();
		assertThat(TenantContext.isCallersTenant("tenant-a")).isFalse();
	}

	private static void signIn(String tenant) {
		Jwt.Builder jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("user")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		if (tenant != null) {
			jwt.claim(TenantContext.TENANT_CLAIM, tenant);
		}
		SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt.build()));
	}

}
