package io.strata.gateway.security;

import java.time.Duration;

import reactor.core.publisher.Mono;

import io.strata.platform.security.KeptTokens;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Keeps the authentications of verified tokens ({@link KeptTokens}: the platform's rule,
 * at most as long as the gateway keeps identity's JWKS), so a client sending the same
 * access token on every request pays for one signature verification and one
 * claims-to-authorities conversion, not one per request (the conversion alone was about 2
 * % of the gateway's CPU samples under {@code ./strata bench edge} while only the decoded
 * token was kept).
 */
final class CachingJwtAuthenticationManager implements ReactiveAuthenticationManager {

	private final ReactiveAuthenticationManager delegate;

	private final KeptTokens<JwtAuthenticationToken> verified;

	CachingJwtAuthenticationManager(ReactiveAuthenticationManager delegate, int maximumSize, Duration maxAge) {
		this.delegate = delegate;
		this.verified = new KeptTokens<>(maximumSize, maxAge, (jwt) -> jwt.getToken().getExpiresAt());
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
			return this.delegate.authenticate(authentication);
		}
		JwtAuthenticationToken kept = this.verified.get(bearer.getToken());
		if (kept != null) {
			return Mono.just(kept);
		}
		return this.delegate.authenticate(authentication).doOnNext((authenticated) -> {
			if (authenticated instanceof JwtAuthenticationToken jwt) {
				this.verified.keep(bearer.getToken(), jwt);
			}
		});
	}

}
