package io.strata.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * The access tokens a service verified, each with what its check produced (the decoded
 * token, or the authentication made of it), so a client that sends the same token on
 * every request pays for one signature check per token, not one per request. The rule,
 * the same at the gateway and in every service: only successes are kept; a kept token is
 * checked against its expiry on every use; and it is kept at most as long as the
 * verifying keys are (the JWKS cache time), so when identity withdraws a key its tokens
 * stop working as soon as they would have without this cache. The token itself is the
 * key: equal keys are equal tokens, no digest needed.
 *
 * @param <T> what verifying a token produced
 */
public final class KeptTokens<T> {

	private final Cache<String, T> kept;

	private final Function<T, Instant> expiresAt;

	/**
	 * @param maximumSize how many tokens are kept at most
	 * @param maxAge how long a token is kept at most: the time the verifying keys are
	 * cached
	 * @param expiresAt the expiry of a verified token (null: never kept)
	 */
	public KeptTokens(int maximumSize, Duration maxAge, Function<T, Instant> expiresAt) {
		this.expiresAt = expiresAt;
		this.kept = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry
				.<String, T>creating((token, verified) -> keptFor(expiresAt.apply(verified), maxAge, Instant.now())))
			.build();
	}

	/** The token's kept verification, or null when it has none or it expired. */
	public T get(String token) {
		T verified = this.kept.getIfPresent(token);
		return (verified != null && this.expiresAt.apply(verified).isAfter(Instant.now())) ? verified : null;
	}

	/** Keeps a successful verification of the token. */
	public void keep(String token, T verified) {
		if (this.expiresAt.apply(verified) != null) {
			this.kept.put(token, verified);
		}
	}

	static Duration keptFor(Instant expiresAt, Duration maxAge, Instant now) {
		Duration left = Duration.between(now, expiresAt);
		if (left.isNegative()) {
			return Duration.ZERO;
		}
		return (left.compareTo(maxAge) < 0) ? left : maxAge;
	}

}
