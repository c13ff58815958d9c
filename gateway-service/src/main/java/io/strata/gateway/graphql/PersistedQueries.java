package io.strata.gateway.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.persisted.ApolloPersistedQuerySupport;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.strata.platform.crypto.Digests;

import org.springframework.core.io.Resource;

/**
 * Automatic persisted queries (Apollo's protocol, graphql-java's
 * {@link ApolloPersistedQuerySupport}): a client sends
 * {@code extensions.persistedQuery.sha256Hash} without the query; an unknown hash answers
 * {@code PERSISTED_QUERY_NOT_FOUND}, and the client sends query and hash once, which the
 * gateway checks (the hash must be the query's SHA-256, else
 * {@code PERSISTED_QUERY_HASH_MISMATCH}) and keeps, parsed, in a bounded cache per
 * instance (a miss only costs the client one round trip). Spring for GraphQL refuses a
 * request without {@code query} before graphql-java sees it, so
 * {@link GraphQlRequestBodyFilter} puts graphql-java's marker in its place. POST only.
 * <p>
 * An allow-list (one {@code .graphql} file per query) is known by hash from the start; in
 * allow-list mode only its queries run, by hash or in full, and nothing else registers
 * ({@code PERSISTED_QUERY_NOT_ALLOWED}).
 */
final class PersistedQueries implements PersistedQueryCache {

	private final Cache<Object, PreparsedDocumentEntry> documents;

	/** The allow-list: SHA-256 (hex) → query. */
	private final Map<String, String> allowed;

	private final boolean allowedOnly;

	/**
	 * @param maxQueries how many parsed queries the cache keeps
	 * @param allowed the allow-list's queries by SHA-256 (hex)
	 * @param allowedOnly whether only the allow-list's queries run (no registration)
	 */
	PersistedQueries(long maxQueries, Map<String, String> allowed, boolean allowedOnly) {
		this.documents = Caffeine.newBuilder().maximumSize(maxQueries).build();
		this.allowed = Map.copyOf(allowed);
		this.allowedOnly = allowedOnly;
	}

	/**
	 * graphql-java's preparsed-document provider over this cache; in allow-list mode a
	 * query sent in full runs only when its hash is on the list.
	 */
	ApolloPersistedQuerySupport support() {
		return new ApolloPersistedQuerySupport(this) {

			@Override
			public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
					Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
				if (PersistedQueries.this.allowedOnly && getPersistedQueryId(input).isEmpty()
						&& !PersistedQueries.this.allowed.containsKey(sha256(input.getQuery()))) {
					return CompletableFuture.completedFuture(notAllowed());
				}
				return super.getDocumentAsync(input, parseAndValidate);
			}

		};
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(Object persistedQueryId,
			ExecutionInput executionInput, PersistedQueryCacheMiss onCacheMiss) throws PersistedQueryNotFound {
		PreparsedDocumentEntry cached = this.documents.getIfPresent(persistedQueryId);
		if (cached != null) {
			return CompletableFuture.completedFuture(cached);
		}
		String query = executionInput.getQuery();
		boolean hashOnly = query == null || query.isBlank()
				|| PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(query);
		String listed = this.allowed.get(String.valueOf(persistedQueryId));
		if (listed != null) {
			// the list's text, whatever came along (a hash mismatch still fails)
			query = hashOnly ? listed : query;
		}
		else if (this.allowedOnly) {
			return CompletableFuture.completedFuture(notAllowed());
		}
		else if (hashOnly) {
			throw new PersistedQueryNotFound(persistedQueryId);
		}
		PreparsedDocumentEntry entry = onCacheMiss.apply(query);
		if (!entry.hasErrors()) {
			this.documents.put(persistedQueryId, entry);
		}
		return CompletableFuture.completedFuture(entry);
	}

	private static PreparsedDocumentEntry notAllowed() {
		return new PreparsedDocumentEntry(GraphqlErrorBuilder.newError()
			.errorType(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED)
			.message("Only the persisted queries of the allow-list run here.")
			.extensions(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED.extensions())
			.build());
	}

	/** The allow-list: each file is one query, known by the SHA-256 of its text. */
	static Map<String, String> load(Resource[] files) {
		Map<String, String> queries = new HashMap<>();
		for (Resource file : files) {
			try {
				String query = file.getContentAsString(StandardCharsets.UTF_8);
				queries.put(sha256(query), query);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return queries;
	}

	static String sha256(String text) {
		return Digests.sha256Hex(text);
	}

	/**
	 * The request with graphql-java's marker as query when it has a persisted query's
	 * hash only (Spring for GraphQL refuses a request without a query), or null when it
	 * has a query.
	 */
	static ObjectNode marked(ObjectNode request) {
		JsonNode query = request.path("query");
		boolean hashOnly = (query.isMissingNode() || query.isNull() || (query.isString() && query.asString().isBlank()))
				&& request.path("extensions").path("persistedQuery").isObject();
		if (!hashOnly) {
			return null;
		}
		ObjectNode marked = request.deepCopy();
		marked.put("query", PersistedQuerySupport.PERSISTED_QUERY_MARKER);
		return marked;
	}

}
