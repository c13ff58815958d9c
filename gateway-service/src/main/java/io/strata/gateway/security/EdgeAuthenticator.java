package io.strata.gateway.security;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The edge's authentication (a JWT checked against identity's JWKS, or an API key
 * resolved by identity) for credentials that do not come in request headers: a GraphQL
 * WebSocket sends them in its {@code connection_init} message. Same manager as the
 * security chain, so the same credentials pass and fail.
 */
public final class EdgeAuthenticator {

	private final ReactiveAuthenticationManager manager;

	EdgeAuthenticator(ReactiveAuthenticationManager manager) {
		this.manager = manager;
	}

	/** The manager itself, for the security chain. */
	ReactiveAuthenticationManager manager() {
		return this.manager;
	}

	/**
	 * Authenticates an {@code Authorization} value ({@code Bearer <jwt or sk_ key>}) or
	 * an API key; either may be null, both null is an invalid credential. Fails with
	 * Spring Security's {@code AuthenticationException}:
	 * {@code AuthenticationServiceException} when identity cannot be asked, another one
	 * when the credential is bad.
	 */
	public Mono<Authenticated> authenticate(String authorization, String apiKey) {
		return EdgeCredentialsConverter.read(apiKey, authorization)
			.switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("No credential")))
			.flatMap(this.manager::authenticate)
			.map(Authenticated::of);
	}

	/**
	 * An authenticated caller.
	 *
	 * @param authentication what the security context holds for it
	 * @param caller tenant, principal and scopes
	 * @param authorization the {@code Authorization} value the services get: the JWT, or
	 * for an API key the access token identity minted for it
	 * @param expiresAt when that access token expires
	 */
	public record Authenticated(Authentication authentication, Caller caller, String authorization, Instant expiresAt) {

		static Authenticated of(Authentication authentication) {
			Caller caller = Caller.from(authentication);
			if (authentication instanceof JwtAuthenticationToken jwt) {
				return new Authenticated(authentication, caller, "Bearer " + jwt.getToken().getTokenValue(),
						jwt.getToken().getExpiresAt());
			}
			ApiKeyAuthentication key = (ApiKeyAuthentication) authentication;
			Timestamp expires = key.resolved().getAccessTokenExpiresAt();
			return new Authenticated(authentication, caller, "Bearer " + key.resolved().getAccessToken(),
					Instant.ofEpochSecond(expires.getSeconds(), expires.getNanos()));
		}

	}

}
