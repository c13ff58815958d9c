package io.strata.gateway.graphql;

import io.strata.gateway.security.Caller;

/**
 * Who sent a GraphQL request, kept in its {@code GraphQLContext}: the edge's
 * {@link Caller} and the bearer token the services check again (for an API key, the
 * access token identity minted for it).
 *
 * @param caller tenant, principal and scopes
 * @param authorization the {@code Authorization} value forwarded as gRPC metadata
 */
record GraphQlCaller(Caller caller, String authorization) {

	/** The context key. */
	static final String KEY = "strata.caller";

	String tenantId() {
		return this.caller.tenantId();
	}

}
