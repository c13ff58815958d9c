package io.strata.gateway.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.ErrorClassification;

import io.strata.platform.problem.Problems;

/**
 * The {@code extensions.code} of a GraphQL error, with the HTTP status and problem type
 * the REST API answers for the same failure ({@code extensions.status},
 * {@code extensions.type}), so an app handles both alike.
 */
enum ErrorCode implements ErrorClassification {

	UNAUTHENTICATED(401, "unauthorized"), FORBIDDEN(403, "forbidden"), NOT_FOUND(404, "not-found"),
	BAD_USER_INPUT(400, "validation"), PRECONDITION_FAILED(412, "precondition-failed"), CONFLICT(409, "conflict"),
	RATE_LIMITED(429, "rate-limited"), UNAVAILABLE(503, "unavailable"), INTERNAL(500, "internal"),
	GRAPHQL_PARSE_FAILED(400, "graphql-parse-failed"), GRAPHQL_VALIDATION_FAILED(400, "graphql-validation-failed"),
	QUERY_TOO_COMPLEX(400, "query-too-complex"), PERSISTED_QUERY_NOT_FOUND(400, "persisted-query-not-found"),
	PERSISTED_QUERY_HASH_MISMATCH(400, "persisted-query-hash-mismatch"),
	PERSISTED_QUERY_NOT_ALLOWED(403, "persisted-query-not-allowed");

	private final int status;

	private final String type;

	ErrorCode(int status, String type) {
		this.status = status;
		this.type = type;
	}

	int status() {
		return this.status;
	}

	/** {@code code}, {@code status} and {@code type}, to which an error may add more. */
	Map<String, Object> extensions() {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("code", name());
		extensions.put("status", this.status);
		extensions.put("type", Problems.TYPE_BASE + this.type);
		return extensions;
	}

}
