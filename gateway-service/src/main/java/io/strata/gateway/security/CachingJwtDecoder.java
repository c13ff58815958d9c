package io.strata.gateway.security;

import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import reactor.core.publisher.Mono;

import io.strata.platform.crypto.Digests;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Keeps verified tokens by their SHA-256 until they expire, so a client sending the same
 * access token on every request pays for one signature verification, not one per request.
 * Only successes are cached; a cached token is still checked against its expiry.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder delegate;

	private final Cache<String, Jwt> verified;

	CachingJwtDecoder(ReactiveJwtDecoder delegate, int maximumSize) {
		this.delegate = delegate;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfter(Expiry.<String, Jwt>creating((hash, jwt) -> timeLeft(jwt)))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		String hash = Digests.sha256Hex(token);
		Jwt cached = this.verified.getIfPresent(hash);
		if (cached != null && cached.getExpiresAt() != null && cached.getExpiresAt().isAfter(Instant.now())) {
			return Mono.just(cached);
		}
		return this.delegate.decode(token).doOnNext((jwt) -> {
			if (jwt.getExpiresAt() != null) {
				this.verified.put(hash, jwt);
			}
		});
	}

	private static Duration timeLeft(Jwt jwt) {
		Duration left = Duration.between(Instant.now(), jwt.getExpiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

}
