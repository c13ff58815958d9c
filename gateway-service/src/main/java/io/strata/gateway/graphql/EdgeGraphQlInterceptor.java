package io.strata.gateway.graphql;

import java.util.List;
import java.util.Map;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import reactor.core.publisher.Mono;

import io.strata.gateway.ratelimit.TenantRateLimits;
import io.strata.gateway.security.Caller;

import org.springframework.graphql.ResponseError;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.support.DefaultExecutionGraphQlResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;

/**
 * The edge's policies for {@code /graphql}, which no gateway route serves (so the route
 * filters do not run): the edge security chain has already authenticated the caller (JWT
 * or API key; none is a 401 problem before GraphQL is reached). Here the caller pays the
 * tenant's rate limit from the same bucket as its REST calls ({@link TenantRateLimits});
 * a refusal is a {@code RATE_LIMITED} error with {@code retryAfter} and the same headers
 * as REST (HTTP 429, see {@link EdgeGraphQlHttpHandler}). The caller and its bearer token
 * go into the GraphQL context for the resolvers, and every error leaves with
 * {@code extensions.code} (graphql-java's own parse and validation errors included).
 */
final class EdgeGraphQlInterceptor implements WebGraphQlInterceptor {

	private final TenantRateLimits limits;

	private final long cost;

	EdgeGraphQlInterceptor(TenantRateLimits limits, GraphQlEdgeProperties properties) {
		this.limits = limits;
		this.cost = properties.requestCost();
	}

	@Override
	public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.mapNotNull(Caller::from)
			.flatMap((caller) -> {
				HttpHeaders rateLimitHeaders = new HttpHeaders();
				return this.limits.charge(caller, this.cost, rateLimitHeaders, "graphql").flatMap((charge) -> {
					if (!charge.allowed()) {
						return Mono.just(withHeaders(refusal(request, ErrorCode.RATE_LIMITED, charge.detail(),
								Map.of("retryAfter", charge.retryAfterSeconds())), rateLimitHeaders));
					}
					GraphQlCaller graphQlCaller = new GraphQlCaller(caller,
							SubscriptionAuthentication.authorization(request));
					request.configureExecutionInput((input,
							builder) -> builder.graphQLContext(Map.of(GraphQlCaller.KEY, graphQlCaller)).build());
					return chain.next(request).map((response) -> withHeaders(withCodes(response), rateLimitHeaders));
				});
			})
			// the security chain lets no unauthenticated request reach GraphQL; should
			// one
			// come anyway, it gets nothing
			.switchIfEmpty(Mono.fromSupplier(() -> refusal(request, ErrorCode.UNAUTHENTICATED,
					"A valid access token or API key is required.", Map.of())));
	}

	private static WebGraphQlResponse withHeaders(WebGraphQlResponse response, HttpHeaders headers) {
		response.getResponseHeaders().addAll(headers);
		return response;
	}

	private static WebGraphQlResponse refusal(WebGraphQlRequest request, ErrorCode code, String message,
			Map<String, Object> more) {
		Map<String, Object> extensions = code.extensions();
		extensions.putAll(more);
		GraphQLError error = GraphqlErrorBuilder.newError()
			.errorType(code)
			.message(message)
			.extensions(extensions)
			.build();
		return new WebGraphQlResponse(new DefaultExecutionGraphQlResponse(request.toExecutionInput(),
				ExecutionResult.newExecutionResult().addError(error).build()));
	}

	/**
	 * graphql-java's request errors (syntax, validation) carry only a classification;
	 * they get a code like every other error.
	 */
	private static WebGraphQlResponse withCodes(WebGraphQlResponse response) {
		if (response.getErrors().stream().allMatch((error) -> error.getExtensions().containsKey("code"))) {
			return response;
		}
		List<GraphQLError> errors = response.getErrors().stream().map(EdgeGraphQlInterceptor::withCode).toList();
		return response.transform((builder) -> builder.errors(errors));
	}

	private static GraphQLError withCode(ResponseError error) {
		GraphqlErrorBuilder<?> builder = GraphqlErrorBuilder.newError()
			.message(error.getMessage())
			.locations(error.getLocations())
			.errorType(error.getErrorType());
		if (!error.getParsedPath().isEmpty()) {
			builder.path(error.getParsedPath());
		}
		if (error.getExtensions().containsKey("code")) {
			return builder.extensions(error.getExtensions()).build();
		}
		ErrorCode code = (error.getErrorType() == ErrorType.InvalidSyntax) ? ErrorCode.GRAPHQL_PARSE_FAILED
				: (error.getErrorType() == ErrorType.ValidationError) ? ErrorCode.GRAPHQL_VALIDATION_FAILED
						: ErrorCode.INTERNAL;
		Map<String, Object> extensions = code.extensions();
		error.getExtensions().forEach(extensions::putIfAbsent);
		return builder.extensions(extensions).build();
	}

}
