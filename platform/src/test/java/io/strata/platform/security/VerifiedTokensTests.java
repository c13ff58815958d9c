package io.strata.platform.security;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokensTests {

	final AtomicInteger verifications = new AtomicInteger();

	@Test
	void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
		JwtDecoder decoder = VerifiedTokens.wrap(verifier(Instant.now().plusSeconds(600)), 100);
		Jwt first = decoder.decode("token-a");
		Jwt second = decoder.decode("token-a");
		assertThat(second).isSameAs(first);
		assertThat(this.verifications).hasValue(1);
		decoder.decode("token-b");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void rejectedTokensAreCheckedEveryTime() {
		JwtDecoder decoder = VerifiedTokens.wrap((token) -> {
			this.verifications.incrementAndGet();
			throw new BadJwtException("bad signature");
		}, 100);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> decoder.decode("forged"));
		}
		assertThat(this.verifications).hasValue(3);
	}

	@Test
	void anExpiredTokenIsNotServedFromTheCache() {
		JwtDecoder decoder = VerifiedTokens.wrap(verifier(Instant.now().minusSeconds(1)), 100);
		decoder.decode("token-a");
		decoder.decode("token-a");
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void sizeZeroTurnsTheCacheOff() {
		JwtDecoder decoder = VerifiedTokens.wrap(verifier(Instant.now().plusSeconds(600)), 0);
		decoder.decode("token-a");
		decoder.decode("token-a");
		assertThat(this.verifications).hasValue(2);
	}

	private JwtDecoder verifier(Instant expiresAt) {
		return (token) -> {
			this.verifications.incrementAndGet();
			return Jwt.withTokenValue(token)
				.header("alg", "ES256")
				.subject("client")
				.issuedAt(expiresAt.minusSeconds(900))
				.expiresAt(expiresAt)
				.build();
		};
	}

}
