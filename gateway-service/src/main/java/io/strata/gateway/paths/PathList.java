package io.strata.gateway.paths;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.server.PathContainer;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A list of path patterns as one matcher, decided in a loop: the edge's public paths and
 * its no-store paths. Spring Security's {@code ServerWebExchangeMatchers.pathMatchers}
 * gives an {@code OrServerWebExchangeMatcher}, a reactive pipeline of a few operators and
 * a debug line per pattern; the edge asked four times per request (no-store headers,
 * bad-credentials check, authentication, authorization), so about 90 small pipelines per
 * request for its lists. The patterns are parsed as Spring Security parses them
 * ({@code PathPatternParserServerWebExchangeMatcher}) and matched against the same path
 * (the path within the application), so what matches does not change.
 */
public final class PathList implements ServerWebExchangeMatcher {

	private final List<PathPattern> patterns;

	public PathList(List<String> paths) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		this.patterns = paths.stream().map((path) -> parser.parse(parser.initFullPathPattern(path))).toList();
	}

	/** Whether the request's path matches one of the patterns. */
	public boolean contains(ServerWebExchange exchange) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.patterns) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return contains(exchange) ? MatchResult.match() : MatchResult.notMatch();
	}

	/** The requests whose path matches none of the patterns. */
	public ServerWebExchangeMatcher negated() {
		return (exchange) -> contains(exchange) ? MatchResult.notMatch() : MatchResult.match();
	}

}
