package io.strata.gateway.security;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.policy.Policy;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.RouteScopes;

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
 * Checks the scopes a request needs once the gateway knows the route; the security chain
 * has already authenticated the caller. The platform's {@link RouteScopes} table decides
 * for the platform's own routes (the services check the same table again); a route the
 * table does not name may declare its own in metadata ({@code scopes: "a b"} for every
 * method, or {@code read-scopes} for GET, HEAD and OPTIONS and {@code write-scopes} for
 * the rest). The caller needs at least one of the scopes; a valid token without it is a
 * 403.
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
		HttpMethod method = exchange.getRequest().getMethod();
		Set<String> required = RouteScopes.required(method, exchange.getRequest().getPath().pathWithinApplication())
			.orElseGet(() -> (route != null) ? metadataScopes(route, method) : Set.of());
		if (required.isEmpty()) {
			return chain.filter(exchange);
		}
		return Caller.of(exchange).flatMap((caller) -> {
			if (caller.authenticated() && RouteScopes.grants(caller.scopes(), required)) {
				return chain.filter(exchange);
			}
			this.metrics.rejected(AuthRejections.AUTH, (route != null) ? route.getId() : null);
			return Mono.error(new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					RouteScopes.missingScopeDetail(required)));
		});
	}

	private static Set<String> metadataScopes(Route route, HttpMethod method) {
		Object scopes = route.getMetadata().get(READS.contains(method) ? READ_SCOPES : WRITE_SCOPES);
		if (scopes == null) {
			scopes = route.getMetadata().get(SCOPES);
		}
		if (scopes == null) {
			return Set.of();
		}
		return Arrays.stream(scopes.toString().split("[ ,]+"))
			.filter((scope) -> !scope.isBlank())
			.collect(Collectors.toSet());
	}

	@Override
	public int getOrder() {
		return Policy.ROUTE_SCOPE.order();
	}

}
