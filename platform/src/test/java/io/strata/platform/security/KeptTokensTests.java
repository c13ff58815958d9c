package io.strata.platform.security;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one rule for keeping verified tokens, at the gateway and in every service.
 */
class KeptTokensTests {

	private record Verified(Instant expiresAt) {
	}

	private final KeptTokens<Verified> tokens = new KeptTokens<>(100, Duration.ofMinutes(5), Verified::expiresAt);

	@Test
	void aKeptTokenIsFoundByTheTokenItself() {
		Verified verified = new Verified(Instant.now().plusSeconds(600));
		this.tokens.keep("a.b.c", verified);

		assertThat(this.tokens.get("a.b.c")).isSameAs(verified);
		assertThat(this.tokens.get("a.b.d")).isNull();
	}

	@Test
	void anExpiredTokenIsNotFound() {
		this.tokens.keep("a.b.c", new Verified(Instant.now().minusSeconds(1)));

		assertThat(this.tokens.get("a.b.c")).isNull();
	}

	@Test
	void aTokenWithoutExpiryIsNotKept() {
		this.tokens.keep("a.b.c", new Verified(null));

		assertThat(this.tokens.get("a.b.c")).isNull();
	}

	@Test
	void aTokenIsKeptAtMostAsLongAsTheKeysAre() {
		Instant now = Instant.parse("2026-12-07T00:00:00Z");
		Duration keys = Duration.ofMinutes(5);

		assertThat(KeptTokens.keptFor(now.plus(Duration.ofHours(2)), keys, now)).isEqualTo(keys);
		assertThat(KeptTokens.keptFor(now.plusSeconds(30), keys, now)).isEqualTo(Duration.ofSeconds(30));
		assertThat(KeptTokens.keptFor(now.minusSeconds(30), keys, now)).isZero();
	}

}
