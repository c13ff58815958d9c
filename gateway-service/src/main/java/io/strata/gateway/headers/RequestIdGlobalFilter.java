package io.strata.gateway.headers;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every request an {@code X-Request-Id}, forwarded to the service and echoed to the
 * client. A client's own id is kept when it is short and plain (so it can correlate its
 * logs), replaced otherwise (it lands in logs: no injection).
 */
@Component
class RequestIdGlobalFilter implements GlobalFilter, Ordered {

	static final String REQUEST_ID = "X-Request-Id";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(REQUEST_ID);
		String requestId = (given != null && SAFE.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(REQUEST_ID, requestId)))
			.build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
