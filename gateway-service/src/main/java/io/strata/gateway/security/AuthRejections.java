package io.strata.gateway.security;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.gateway.metrics.EdgeMetrics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts the security chain's rejections in {@code strata.gateway.rejections} with the
 * route they were meant for. The chain runs before the gateway picks the route, so a
 * rejection matches the routes itself, as the gateway's handler mapping would; this costs
 * only rejected requests.
 */
@Component
class AuthRejections {

	static final String AUTH = "auth";

	static final String AUTH_UNAVAILABLE = "auth_unavailable";

	private final EdgeMetrics metrics;

	private final ObjectProvider<RouteLocator> routes;

	AuthRejections(EdgeMetrics metrics, ObjectProvider<RouteLocator> routes) {
		this.metrics = metrics;
		this.routes = routes;
	}

	Mono<Void> count(ServerWebExchange exchange, String reason) {
		return routeId(exchange).doOnNext((routeId) -> this.metrics.rejected(reason, routeId)).then();
	}

	private Mono<String> routeId(ServerWebExchange exchange) {
		Route known = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (known != null) {
			return Mono.just(known.getId());
		}
		RouteLocator locator = this.routes.getIfAvailable();
		if (locator == null) {
			return Mono.just("none");
		}
		return locator.getRoutes()
			.concatMap((route) -> Flux.from(route.getPredicate().apply(exchange))
				.next()
				.filter(Boolean::booleanValue)
				.map((match) -> route.getId()))
			.next()
			.onErrorResume((ex) -> Mono.empty())
			.defaultIfEmpty("none");
	}

}
