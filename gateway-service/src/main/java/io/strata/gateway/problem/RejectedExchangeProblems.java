package io.strata.gateway.problem;

import reactor.core.publisher.Mono;

import io.strata.platform.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * What Spring Security's firewall answers for a request it refuses before any route (an
 * encoded {@code ;}, {@code /../} or a NUL in the path, say): a 400 problem+json like
 * every other rejection at the edge, instead of an empty 400. Spring Security's WebFlux
 * configuration picks this bean up for its filter chain.
 */
@Component
class RejectedExchangeProblems implements ServerExchangeRejectedHandler {

	private final ProblemResponses problems;

	RejectedExchangeProblems(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
		return this.problems.write(exchange,
				Problems.of(HttpStatus.BAD_REQUEST, "malformed-path", "Malformed path",
						"The request path holds characters the platform refuses (an encoded ';', '/', '\\\\' or '%', "
								+ "a '..' segment or a control character)."));
	}

}
