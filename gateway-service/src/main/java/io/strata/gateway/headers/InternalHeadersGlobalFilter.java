package io.strata.gateway.headers;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops request headers that only the platform may set ({@code X-Tenant-Id},
 * {@code X-Internal-*}, …), so that a client can never pose as another tenant or as an
 * internal caller to a service that trusts them.
 */
@Component
class InternalHeadersGlobalFilter implements GlobalFilter, Ordered {

	private final Set<String> names;

	private final List<String> prefixes;

	InternalHeadersGlobalFilter(EdgeHeadersProperties properties) {
		this.names = properties.internalHeaders()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
		this.prefixes = properties.internalHeaderPrefixes()
			.stream()
			.map((prefix) -> prefix.toLowerCase(Locale.ROOT))
			.toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		List<String> internal = headers.headerNames().stream().filter(this::isInternal).toList();
		if (internal.isEmpty()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((writable) -> internal.forEach(writable::remove)))
			.build());
	}

	private boolean isInternal(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return this.names.contains(lower) || this.prefixes.stream().anyMatch(lower::startsWith);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
