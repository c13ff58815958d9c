package io.strata.gateway.security;

import java.time.Duration;

import reactor.core.publisher.Mono;

import io.strata.gateway.problem.ProblemResponses;
import io.strata.platform.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 429 to a request with credentials from an address that has presented too many
 * invalid ones ({@link BadCredentials}), before they are checked.
 */
final class BadCredentialsFilter implements WebFilter {

	static final String REJECTION = "bad_credentials";

	private final BadCredentials badCredentials;

	private final ServerWebExchangeMatcher needsCredentials;

	private final ProblemResponses problems;

	private final AuthRejections rejections;

	BadCredentialsFilter(BadCredentials badCredentials, ServerWebExchangeMatcher needsCredentials,
			ProblemResponses problems, AuthRejections rejections) {
		this.badCredentials = badCredentials;
		this.needsCredentials = needsCredentials;
		this.problems = problems;
		this.rejections = rejections;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		if (!headers.containsHeader(HttpHeaders.AUTHORIZATION)
				&& !headers.containsHeader(EdgeCredentialsConverter.API_KEY_HEADER)) {
			return chain.filter(exchange);
		}
		return this.needsCredentials.matches(exchange).flatMap((match) -> {
			Duration wait = match.isMatch() ? this.badCredentials.blockedFor(exchange) : Duration.ZERO;
			if (wait.isZero()) {
				return chain.filter(exchange);
			}
			exchange.getResponse()
				.getHeaders()
				.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
			return this.rejections.count(exchange, REJECTION)
				.then(this.problems.write(exchange, Problems.of(HttpStatus.TOO_MANY_REQUESTS,
						"too-many-bad-credentials", "Too many invalid credentials",
						"This address presented too many invalid tokens or API keys; retry after Retry-After seconds.")));
		});
	}

}
