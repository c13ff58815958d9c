package io.strata.platform.security;

import java.time.Duration;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A service's decoder keeps the tokens it verified ({@link KeptTokens}: only successes,
 * expiry checked on every use, at most {@link #MAX_AGE}, Nimbus' JWKS cache time), so a
 * client that sends the same access token on every request pays for one signature check
 * per token, not one per request (an ES256 check costs about 0.4 ms of CPU, RS256 about
 * 0.05 ms; parsing and the claim checks come on top).
 */
final class VerifiedTokens implements JwtDecoder {

	static final Duration MAX_AGE = Duration.ofMillis(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE);

	private final JwtDecoder delegate;

	private final KeptTokens<Jwt> verified;

	VerifiedTokens(JwtDecoder delegate, int maximumSize) {
		this.delegate = delegate;
		this.verified = new KeptTokens<>(maximumSize, MAX_AGE, Jwt::getExpiresAt);
	}

	static JwtDecoder wrap(JwtDecoder decoder, int maximumSize) {
		return (maximumSize > 0) ? new VerifiedTokens(decoder, maximumSize) : decoder;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt kept = this.verified.get(token);
		if (kept != null) {
			return kept;
		}
		Jwt jwt = this.delegate.decode(token);
		this.verified.keep(token, jwt);
		return jwt;
	}

}
