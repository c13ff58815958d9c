package io.strata.gateway.graphql;

import java.util.Set;

import reactor.core.publisher.Mono;

import io.strata.platform.security.RouteScopes;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * A field's scope check at the edge, from the one route → scope table: a GraphQL field
 * needs what its REST twin needs ({@code webhookEndpoints} what {@code GET /v2/webhooks}
 * does). The service checks again; this answers first, with the same detail as REST.
 */
final class FieldScopes {

	private FieldScopes() {
	}

	/** Empty when the caller holds a scope the REST twin needs; else FORBIDDEN. */
	static Mono<Void> require(GraphQlCaller caller, HttpMethod method, String path) {
		Set<String> required = RouteScopes.required(method, PathContainer.parsePath(path)).orElse(Set.of());
		if (required.isEmpty() || RouteScopes.grants(caller.caller().scopes(), required)) {
			return Mono.empty();
		}
		return Mono.error(new MissingScopeException(required));
	}

	/** The caller lacks the field's scope. */
	static final class MissingScopeException extends RuntimeException {

		MissingScopeException(Set<String> required) {
			super(RouteScopes.missingScopeDetail(required));
		}

	}

}
