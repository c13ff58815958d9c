package io.strata.gateway.graphql;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import io.strata.gateway.security.EdgeAuthenticator;
import io.strata.gateway.security.EdgeAuthenticator.Authenticated;
import io.strata.platform.security.EventScopes;

import org.springframework.core.Ordered;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * The edge's credentials check for GraphQL over WebSocket ({@code graphql-transport-ws}
 * on {@code /graphql}). Browsers cannot set headers on a WebSocket, so the credential
 * comes in {@code connection_init}: {@code {"authorization": "Bearer <JWT or API key>"}}
 * or {@code {"apiKey": "sk_..."}}. The edge's own authentication checks it
 * ({@link EdgeAuthenticator}); a missing or bad one closes the socket with 4401, one that
 * may read none of the events subscriptions carry (the platform's event → scope table)
 * with 4403, and the socket closes with 4401 when the access token expires (for an API
 * key, the token identity minted for it): the client reconnects with a fresh one. Each
 * operation on the socket then runs as that caller, through the same interceptor as HTTP
 * ({@link EdgeGraphQlInterceptor}: rate limit, caller in context).
 */
final class SubscriptionAuthentication implements WebSocketGraphQlInterceptor, Ordered {

	/** The families of events that subscriptions carry. */
	static final String RESOURCE_EVENTS = "resource.*";

	static final String OPERATION_EVENTS = "workflow.*";

	static final CloseStatus EXPIRED = new CloseStatus(4401, "Token expired");

	static final CloseStatus FORBIDDEN = new CloseStatus(4403, "Forbidden");

	static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "Credentials cannot be checked now");

	private static final String AUTHENTICATED = SubscriptionAuthentication.class.getName() + ".caller";

	private final EdgeAuthenticator authenticator;

	SubscriptionAuthentication(EdgeAuthenticator authenticator) {
		this.authenticator = authenticator;
	}

	@Override
	public int getOrder() {
		// before EdgeGraphQlInterceptor, which reads the caller this one puts in context
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Object> handleConnectionInitialization(WebSocketSessionInfo info, Map<String, Object> payload) {
		// an error closes the socket with 4401 (Spring's handler)
		return this.authenticator.authenticate(string(payload, "authorization"), string(payload, "apiKey"))
			.flatMap((authenticated) -> {
				if (!EventScopes.maySubscribe(RESOURCE_EVENTS, authenticated.caller().scopes())
						&& !EventScopes.maySubscribe(OPERATION_EVENTS, authenticated.caller().scopes())) {
					// closing it ends the session; no acknowledgement follows
					SubscriptionSocketHandler.close(info, FORBIDDEN);
					return Mono.never();
				}
				info.getAttributes().put(AUTHENTICATED, authenticated);
				closeAtExpiry(info, authenticated.expiresAt());
				return Mono.<Object>empty();
			})
			.onErrorResume(AuthenticationServiceException.class, (ex) -> {
				// identity cannot be asked: as REST's 503, not a bad credential
				SubscriptionSocketHandler.close(info, TRY_AGAIN_LATER);
				return Mono.never();
			});
	}

	private static void closeAtExpiry(WebSocketSessionInfo info, Instant expiresAt) {
		if (expiresAt == null) {
			return;
		}
		Duration left = Duration.between(Instant.now(), expiresAt);
		Disposable expiry = Mono.delay(left.isNegative() ? Duration.ZERO : left)
			.subscribe((tick) -> SubscriptionSocketHandler.close(info, EXPIRED));
		SubscriptionSocketHandler.closed(info).subscribe(null, null, expiry::dispose);
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, WebGraphQlInterceptor.Chain chain) {
		Authenticated authenticated = authenticated(request);
		if (authenticated == null) {
			return chain.next(request);
		}
		return chain.next(request)
			.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authenticated.authentication()));
	}

	/**
	 * The {@code Authorization} value the services get for this request: the header for
	 * HTTP, the credential of {@code connection_init} for a WebSocket.
	 */
	static String authorization(WebGraphQlRequest request) {
		Authenticated authenticated = authenticated(request);
		return (authenticated != null) ? authenticated.authorization()
				: request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
	}

	private static Authenticated authenticated(WebGraphQlRequest request) {
		return (request instanceof WebSocketGraphQlRequest socket)
				? (Authenticated) socket.getSessionInfo().getAttributes().get(AUTHENTICATED) : null;
	}

	private static String string(Map<String, Object> payload, String key) {
		return (payload != null && payload.get(key) instanceof String value) ? value : null;
	}

}
