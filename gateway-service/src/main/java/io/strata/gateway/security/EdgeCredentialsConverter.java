package io.strata.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Reads the caller's credentials: {@code X-API-Key}, or {@code Authorization: Bearer}
 * carrying either an API key ({@code sk_…}) or a JWT. Nothing when the request carries
 * none, so the authorization rules decide (public route or 401).
 */
final class EdgeCredentialsConverter implements ServerAuthenticationConverter {

	static final String API_KEY_HEADER = "X-API-Key";

	static final String API_KEY_PREFIX = "sk_";

	private static final String BEARER = "bearer ";

	/** Longer than any token identity issues; bounds the work spent on junk. */
	private static final int MAX_CREDENTIAL_LENGTH = 8192;

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		return Mono.defer(() -> read(exchange));
	}

	private static Mono<Authentication> read(ServerWebExchange exchange) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		return read(headers.getFirst(API_KEY_HEADER), headers.getFirst(HttpHeaders.AUTHORIZATION));
	}

	/**
	 * The credential of an {@code X-API-Key} value or an {@code Authorization} value
	 * (either may be null), for callers that carry them elsewhere than in headers (a
	 * GraphQL WebSocket's {@code connection_init}).
	 */
	static Mono<Authentication> read(String apiKey, String authorization) {
		if (apiKey != null) {
			return Mono.just(ApiKeyAuthentication.unresolved(check(apiKey.strip())));
		}
		if (authorization == null) {
			return Mono.empty();
		}
		if (authorization.length() <= BEARER.length()
				|| !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Mono.error(new InvalidBearerTokenException("The Authorization header is not a Bearer credential"));
		}
		String credential = check(authorization.substring(BEARER.length()).strip());
		if (credential.startsWith(API_KEY_PREFIX)) {
			return Mono.just(ApiKeyAuthentication.unresolved(credential));
		}
		return Mono.just(new BearerTokenAuthenticationToken(credential));
	}

	private static String check(String credential) {
		if (credential.isEmpty() || credential.length() > MAX_CREDENTIAL_LENGTH) {
			throw new InvalidBearerTokenException("The credential is empty or too long");
		}
		return credential;
	}

}
