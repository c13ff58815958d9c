package io.strata.gateway.problem;

import java.util.List;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import io.strata.platform.problem.Problems;
import io.strata.platform.web.RequestGuards;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The platform's {@link RequestGuards} at the edge, before security and routing: an
 * unparsable {@code Content-Type} or charset is answered 415 even without a token (it
 * failed deep inside body reading before, as a 500), NUL in the path or a query parameter
 * 400, and more headers than the services' Tomcat takes (100) 431, rather than forwarding
 * what a service would refuse with its own answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestGuardWebFilter implements WebFilter {

	static final int MAX_HEADER_COUNT = 100;

	private final ProblemResponses problems;

	RequestGuardWebFilter(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (headerCount(request) > MAX_HEADER_COUNT) {
			return this.problems.write(exchange,
					Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request-header-fields-too-large",
							"Request header fields too large",
							"A request takes at most " + MAX_HEADER_COUNT + " header fields."));
		}
		List<String> contentTypes = request.getHeaders().getValuesAsList(HttpHeaders.CONTENT_TYPE);
		return RequestGuards
			.check(contentTypes.isEmpty() ? null : String.join(",", contentTypes), request.getURI().getRawPath(),
					request.getURI().getRawQuery())
			.map((problem) -> this.problems.write(exchange, problem))
			.orElseGet(() -> chain.filter(exchange));
	}

	/**
	 * The request's header fields, read from Netty's headers where the request has them
	 * (Spring's view of them builds a case-insensitive name set on each iteration).
	 */
	private static int headerCount(ServerHttpRequest request) {
		if (request instanceof AbstractServerHttpRequest server
				&& server.getNativeRequest() instanceof HttpServerRequest netty) {
			return netty.requestHeaders().size();
		}
		return request.getHeaders().headerSet().stream().mapToInt((header) -> header.getValue().size()).sum();
	}

}
