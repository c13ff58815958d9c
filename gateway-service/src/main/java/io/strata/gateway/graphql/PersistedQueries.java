package io.strata.gateway.graphql;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.persisted.ApolloPersistedQuerySupport;
import graphql.execution.preparsed.persisted.PersistedQueryCache;
import graphql.execution.preparsed.persisted.PersistedQueryCacheMiss;
import graphql.execution.preparsed.persisted.PersistedQueryNotFound;
import graphql.execution.preparsed.persisted.PersistedQuerySupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Automatic persisted queries (Apollo's protocol, graphql-java's
 * {@link ApolloPersistedQuerySupport}): a client sends
 * {@code extensions.persistedQuery.sha256Hash} without the query; an unknown hash answers
 * {@code PERSISTED_QUERY_NOT_FOUND}, and the client sends query and hash once, which the
 * gateway checks (the hash must be the query's SHA-256, else
 * {@code PERSISTED_QUERY_HASH_MISMATCH}) and keeps, parsed, in a bounded cache per
 * instance (a miss only costs the client one round trip). Spring for GraphQL refuses a
 * request without {@code query} before graphql-java sees it, so a filter puts
 * graphql-java's marker in its place. POST only.
 */
final class PersistedQueries implements PersistedQueryCache {

	private final Cache<Object, PreparsedDocumentEntry> documents;

	PersistedQueries(long maxQueries) {
		this.documents = Caffeine.newBuilder().maximumSize(maxQueries).build();
	}

	/** graphql-java's preparsed-document provider over this cache. */
	ApolloPersistedQuerySupport support() {
		return new ApolloPersistedQuerySupport(this);
	}

	@Override
	public CompletableFuture<PreparsedDocumentEntry> getPersistedQueryDocumentAsync(Object persistedQueryId,
			ExecutionInput executionInput, PersistedQueryCacheMiss onCacheMiss) throws PersistedQueryNotFound {
		PreparsedDocumentEntry cached = this.documents.getIfPresent(persistedQueryId);
		if (cached != null) {
			return CompletableFuture.completedFuture(cached);
		}
		String query = executionInput.getQuery();
		if (query == null || query.isBlank() || PersistedQuerySupport.PERSISTED_QUERY_MARKER.equals(query)) {
			throw new PersistedQueryNotFound(persistedQueryId);
		}
		PreparsedDocumentEntry entry = onCacheMiss.apply(query);
		if (!entry.hasErrors()) {
			this.documents.put(persistedQueryId, entry);
		}
		return CompletableFuture.completedFuture(entry);
	}

	/** Puts graphql-java's marker where a hash-only request has no query. */
	static final class MarkerFilter implements WebFilter, Ordered {

		private static final int MAX_BODY = 1024 * 1024;

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private final String path;

		MarkerFilter(String path) {
			this.path = path;
		}

		@Override
		public int getOrder() {
			// after the security chain, before idempotency (which fingerprints the body)
			return -1;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (exchange.getRequest().getMethod() != HttpMethod.POST
					|| !this.path.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
				return chain.filter(exchange);
			}
			return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY).map((buffer) -> {
				byte[] body = new byte[buffer.readableByteCount()];
				buffer.read(body);
				DataBufferUtils.release(buffer);
				return body;
			}).defaultIfEmpty(new byte[0]).flatMap((body) -> {
				byte[] marked = marked(body);
				return chain.filter(exchange.mutate().request(new ServerHttpRequestDecorator(exchange.getRequest()) {

					@Override
					public HttpHeaders getHeaders() {
						HttpHeaders headers = new HttpHeaders();
						headers.putAll(super.getHeaders());
						headers.setContentLength(marked.length);
						return headers;
					}

					@Override
					public Flux<DataBuffer> getBody() {
						return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(marked)));
					}

				}).build());
			});
		}

		/**
		 * The body, with the marker as query when it has a persisted query's hash only.
		 */
		private static byte[] marked(byte[] body) {
			try {
				JsonNode request = JSON.readTree(body);
				JsonNode query = request.path("query");
				boolean hashOnly = request.isObject()
						&& (query.isMissingNode() || query.isNull() || (query.isString() && query.asString().isBlank()))
						&& request.path("extensions").path("persistedQuery").isObject();
				if (!hashOnly) {
					return body;
				}
				((ObjectNode) request).put("query", PersistedQuerySupport.PERSISTED_QUERY_MARKER);
				return JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
			}
			catch (JacksonException ex) {
				// not JSON: Spring for GraphQL answers it
				return body;
			}
		}

	}

}
