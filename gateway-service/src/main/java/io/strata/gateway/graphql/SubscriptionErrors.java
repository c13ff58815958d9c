package io.strata.gateway.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.graphql.execution.SubscriptionExceptionResolverAdapter;

/**
 * A subscription's stream failing after it started (the event stream's service refused or
 * went away) as a GraphQL error with {@code extensions.code}, as a field's failure
 * ({@link GraphQlErrors}); the socket stays open for the client's other operations.
 */
final class SubscriptionErrors extends SubscriptionExceptionResolverAdapter {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionErrors.class);

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex) {
		if (ex instanceof GrpcCallException call) {
			return GraphQlErrors.fromService(call, GraphqlErrorBuilder.newError(), "subscription");
		}
		log.error("GraphQL subscription failed", ex);
		return GraphqlErrorBuilder.newError()
			.errorType(ErrorCode.INTERNAL)
			.message("Internal error.")
			.extensions(ErrorCode.INTERNAL.extensions())
			.build();
	}

}
