package io.strata.gateway.policy;

import java.nio.ByteBuffer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The request body for the policies that need it (body validation, idempotency), read
 * once per request through Spring Cloud Gateway's own cache
 * ({@link ServerWebExchangeUtils#cacheRequestBody}: the body is kept in
 * {@link ServerWebExchangeUtils#CACHED_REQUEST_BODY_ATTR}, replayed to the service and
 * released at the end of the exchange by its {@code RemoveCachedBodyFilter}). Whichever
 * policy asks first reads it; each policy works without the other.
 */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * Reads the body (at most {@code maxBytes}: more is a 413 problem) into the cache,
	 * and gives the exchange whose request replays it to the service; {@link #bytes} has
	 * its bytes.
	 */
	public static Mono<ServerWebExchange> cache(ServerWebExchange exchange, long maxBytes) {
		if (exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR) != null) {
			return Mono.just(exchange);
		}
		int max = (int) Math.min(Integer.MAX_VALUE, maxBytes);
		if (exchange.getRequest().getHeaders().getContentLength() > max) {
			return Mono.error(tooLarge(max));
		}
		ServerWebExchange limited = exchange.mutate().request(limited(exchange.getRequest(), max)).build();
		return ServerWebExchangeUtils
			.cacheRequestBody(limited, (request) -> Mono.just(exchange.mutate().request(request).build()))
			.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(max));
	}

	/**
	 * The cached body's bytes (none when the body was empty or not read), left unread in
	 * the cache.
	 */
	public static byte[] bytes(ServerWebExchange exchange) {
		DataBuffer buffer = exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR);
		if (buffer == null) {
			return new byte[0];
		}
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
		return bytes;
	}

	/**
	 * A body longer than {@code max} fails as it is read, whatever its Content-Length
	 * said.
	 */
	private static ServerHttpRequest limited(ServerHttpRequest request, int max) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return DataBufferUtils.join(super.getBody(), max).flux();
			}

		};
	}

	private static ProblemException tooLarge(int max) {
		return new ProblemException(HttpStatus.valueOf(413), "payload-too-large", "Payload too large",
				"The body exceeds " + max + " bytes.");
	}

}
