package io.strata.gateway.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Checks the scopes a route asks for in its metadata ({@code scopes: "a b"}: the caller
 * needs at least one of them) once the gateway knows the route; the security chain has
 * already authenticated the caller. A valid token without the scope is a 403.
 */
@Component
class RouteScopeGlobalFilter implements GlobalFilter, Ordered {

	/**
	 * Route metadata key: space- or comma-separated scopes, any of which grants access.
	 */
	static final String SCOPES = "scopes";

	private final EdgeMetrics metrics;

	RouteScopeGlobalFilter(EdgeMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object metadata = (route != null) ? route.getMetadata().get(SCOPES) : null;
		if (metadata == null || metadata.toString().isBlank()) {
			return chain.filter(exchange);
		}
		Set<String> required = Arrays.stream(metadata.toString().split("[ ,]+"))
			.filter((scope) -> !scope.isBlank())
			.collect(Collectors.toSet());
		return Caller.of(exchange).flatMap((caller) -> {
			if (caller.authenticated() && caller.scopes().stream().anyMatch(required::contains)) {
				return chain.filter(exchange);
			}
			this.metrics.rejected(AuthRejections.AUTH, route.getId());
			return Mono.error(new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"This route needs one of the scopes: " + String.join(" ", required.stream().sorted().toList())));
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
