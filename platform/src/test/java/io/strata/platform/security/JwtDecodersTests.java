package io.strata.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** The token checks every resource server applies: issuer, audience, times with skew. */
class JwtDecodersTests {

	private static final String ISSUER = "https://api.example.com";

	private final OAuth2TokenValidator<Jwt> validator = JwtDecoders
		.validator(new StrataSecurityProperties("http://127.0.0.1:8081/oauth2/jwks", ISSUER, List.of("strata"),
				Duration.ofSeconds(30), List.of(), List.of(), 0));

	@Test
	void acceptsTheIssuersTokenForThePlatformsApis() {
		assertThat(valid(token(ISSUER, "strata", Instant.now().plusSeconds(60)))).isTrue();
	}

	@Test
	void refusesAnotherIssuerOrAudienceOrNone() {
		assertThat(valid(token("http://127.0.0.1:8081", "strata", Instant.now().plusSeconds(60)))).isFalse();
		assertThat(valid(token(ISSUER, "another-api", Instant.now().plusSeconds(60)))).isFalse();
		assertThat(valid(token(ISSUER, null, Instant.now().plusSeconds(60)))).isFalse();
	}

	@Test
	void toleratesThirtySecondsOfClockSkewAndNoMore() {
		assertThat(valid(token(ISSUER, "strata", Instant.now().minusSeconds(20)))).isTrue();
		assertThat(valid(token(ISSUER, "strata", Instant.now().minusSeconds(45)))).isFalse();
	}

	private boolean valid(Jwt jwt) {
		return !this.validator.validate(jwt).hasErrors();
	}

	private static Jwt token(String issuer, String audience, Instant expiresAt) {
		Jwt.Builder jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer(issuer)
			.subject("usr_1")
			.issuedAt(expiresAt.minusSeconds(300))
			.expiresAt(expiresAt);
		if (audience != null) {
			jwt.audience(List.of(audience));
		}
		return jwt.build();
	}

}
