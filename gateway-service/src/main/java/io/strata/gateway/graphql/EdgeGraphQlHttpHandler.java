package io.strata.gateway.graphql;

import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Spring's GraphQL-over-HTTP handler, except that a request refused by the rate limit
 * answers HTTP 429 (with {@code Retry-After}), as REST does: clients and proxies back off
 * on the status without reading the body.
 */
final class EdgeGraphQlHttpHandler extends GraphQlHttpHandler {

	EdgeGraphQlHttpHandler(WebGraphQlHandler handler) {
		super(handler);
	}

	@Override
	protected HttpStatus selectResponseStatus(WebGraphQlResponse response, MediaType responseMediaType) {
		boolean rateLimited = !response.getExecutionResult().isDataPresent() && response.getErrors()
			.stream()
			.anyMatch((error) -> ErrorCode.RATE_LIMITED.name().equals(error.getExtensions().get("code")));
		return rateLimited ? HttpStatus.TOO_MANY_REQUESTS : super.selectResponseStatus(response, responseMediaType);
	}

}
