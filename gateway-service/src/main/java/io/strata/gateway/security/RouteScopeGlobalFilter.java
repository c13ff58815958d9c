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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Checks the scopes a route asks for in its metadata once the gateway knows the route;
 * the security chain has already authenticated the caller. {@code scopes: "a b"} applies
 * to every method; {@code read-scopes} to GET, HEAD and OPTIONS and {@code write-scopes}
 * to every other method (so a read-only API key can list but not change). The caller
 * needs at least one of the listed scopes; a valid token without it is a 403.
 */
@Component
class RouteScopeGlobalFilter implements GlobalFilter, Ordered {

	/**
	 * Route metadata key: space- or comma-separated scopes, any of which grants access.
	 */
	static final String SCOPES = "scopes";

	/** Route metadata key: scopes for GET, HEAD and OPTIONS. */
	static final String READ_SCOPES = "read-scopes";

	/** Route metadata key: scopes for every method that changes something. */
	static final String WRITE_SCOPES = "write-scopes";

	private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

	private final EdgeMetrics metrics;

	RouteScopeGlobalFilter(EdgeMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Object metadata = (route != null) ? requiredScopes(route, exchange.getRequest().getMethod()) : null;
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

	private static Object requiredScopes(Route route, HttpMethod method) {
		Object scopes = route.getMetadata().get(READS.contains(method) ? READ_SCOPES : WRITE_SCOPES);
		return (scopes != null) ? scopes : route.getMetadata().get(SCOPES);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
