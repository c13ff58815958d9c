package io.strata.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;

/**
 * After a successful authentication, a request that came with an API key goes on with
 * {@code Authorization: Bearer <access token identity minted for the key>} instead: the
 * services accept only JWTs, and the long-lived {@code sk_} secret never leaves the edge
 * ({@code X-API-Key} is dropped). Requests with a JWT go on unchanged.
 */
final class ApiKeyTokenRelay implements ServerAuthenticationSuccessHandler {

	@Override
	public Mono<Void> onAuthenticationSuccess(WebFilterExchange webFilterExchange, Authentication authentication) {
		var exchange = webFilterExchange.getExchange();
		if (!(authentication instanceof ApiKeyAuthentication apiKey) || apiKey.resolved() == null) {
			return webFilterExchange.getChain().filter(exchange);
		}
		String accessToken = apiKey.resolved().getAccessToken();
		return webFilterExchange.getChain().filter(exchange.mutate().request((request) -> request.headers((headers) -> {
			headers.remove(EdgeCredentialsConverter.API_KEY_HEADER);
			headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
		})).build());
	}

}
