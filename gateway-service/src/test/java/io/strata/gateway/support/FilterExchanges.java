package io.strata.gateway.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the policies' unit tests share, in the shape of Spring Cloud Gateway's own filter
 * tests: a {@link MockServerWebExchange} for a route, and a chain that records the
 * exchange the filter passed on. No server.
 */
public final class FilterExchanges {

	private FilterExchanges() {
	}

	/** An exchange of this request, routed to a route with this metadata. */
	public static MockServerWebExchange routed(MockServerHttpRequest.BaseBuilder<?> request,
			Map<String, Object> metadata) {
		return routed(request.build(), metadata);
	}

	/**
	 * The same, with a caller authenticated by a token of this tenant and these scopes.
	 */
	public static MockServerWebExchange routed(MockServerHttpRequest.BaseBuilder<?> request,
			Map<String, Object> metadata, String tenant, String scope) {
		return routed(request.build(), metadata, tenant, scope);
	}

	/** An exchange of this request, routed to a route with this metadata. */
	public static MockServerWebExchange routed(MockServerHttpRequest request, Map<String, Object> metadata) {
		MockServerWebExchange exchange = MockServerWebExchange.from(request);
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route(metadata));
		return exchange;
	}

	/**
	 * The same, with a caller authenticated by a token of this tenant and these scopes.
	 */
	public static MockServerWebExchange routed(MockServerHttpRequest request, Map<String, Object> metadata,
			String tenant, String scope) {
		Jwt jwt = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("user-1")
			.claim("tid", tenant)
			.claim("azp", "app-1")
			.claim("scope", scope)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60))
			.build();
		MockServerWebExchange exchange = MockServerWebExchange.builder(request)
			.principal(new JwtAuthenticationToken(jwt, List.of()))
			.build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route(metadata));
		return exchange;
	}

	public static Route route(Map<String, Object> metadata) {
		return Route.async()
			.id("test-route")
			.uri("http://127.0.0.1:1")
			.predicate((exchange) -> true)
			.metadata(metadata)
			.build();
	}

	/** A chain that keeps the exchange it is called with and completes. */
	public static final class RecordingChain implements GatewayFilterChain {

		private final AtomicReference<ServerWebExchange> passed = new AtomicReference<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange) {
			this.passed.set(exchange);
			return Mono.empty();
		}

		/** The exchange the filter passed on, or null when it stopped the request. */
		public ServerWebExchange passed() {
			return this.passed.get();
		}

	}

}
