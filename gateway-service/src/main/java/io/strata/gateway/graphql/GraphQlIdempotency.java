package io.strata.gateway.graphql;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.gateway.idempotency.IdempotencyGatewayFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@code Idempotency-Key} on {@code POST /graphql}, with the REST routes' own filter
 * ({@link IdempotencyGatewayFilterFactory}): the same namespace (tenant + principal), a
 * replay answers the stored response with {@code Idempotent-Replayed: true}, the same key
 * with another body is a 422 problem, one still in flight a 409. /graphql is no gateway
 * route, so the filter runs here, after the security chain; the body is read once and
 * kept for the fingerprint, as the routes' body validation keeps it.
 */
final class GraphQlIdempotency implements WebFilter, Ordered {

	/** A request body larger than this is no GraphQL request the gateway runs. */
	private static final int MAX_BODY = 1024 * 1024;

	private final String path;

	private final GatewayFilter idempotency;

	GraphQlIdempotency(String path, IdempotencyGatewayFilterFactory idempotency) {
		this.path = path;
		this.idempotency = idempotency.apply(new Object());
	}

	@Override
	public int getOrder() {
		// after Spring Security's filter chain (-100), whose caller the key is scoped to
		return 0;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getMethod() != HttpMethod.POST
				|| !exchange.getRequest().getHeaders().containsHeader("Idempotency-Key")
				|| !this.path.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY).map((buffer) -> {
			byte[] body = new byte[buffer.readableByteCount()];
			buffer.read(body);
			DataBufferUtils.release(buffer);
			return body;
		}).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			ServerWebExchange cached = exchange.mutate().request(new ServerHttpRequestDecorator(exchange.getRequest()) {

				@Override
				public Flux<DataBuffer> getBody() {
					return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
				}

			}).build();
			return this.idempotency.filter(cached, chain::filter);
		});
	}

}
