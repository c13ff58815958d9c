package io.strata.gateway.graphql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.strata.gateway.problem.ProblemResponses;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A {@code POST /graphql} body before Spring for GraphQL reads it. Spring answers what it
 * cannot read with a bare "Failed to read HTTP message" (and a body over the buffer
 * limit, read here, used to fail as a 500); this answers each case with a problem that
 * says what is wrong: over {@code maxBytes} 413; not JSON, or a JSON array (a batch:
 * Spring for GraphQL runs one operation per request, and so does the edge — aliases
 * combine fields in one operation) 400; a NUL character anywhere (the services' stores
 * refuse it, and the platform's strict JSON refuses it in every body) 400 with its JSON
 * pointer ({@code /variables/filter}). A request with a persisted query's hash only gets
 * graphql-java's marker as its query ({@link PersistedQueries#marked}). Runs after the
 * security chain (an anonymous body is never read) and before idempotency, which
 * fingerprints the body.
 */
final class GraphQlRequestBodyFilter implements WebFilter, Ordered {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String path;

	private final int maxBytes;

	private final ProblemResponses problems;

	GraphQlRequestBodyFilter(String path, int maxBytes, ProblemResponses problems) {
		this.path = path;
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	public int getOrder() {
		return -1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getMethod() != HttpMethod.POST
				|| !this.path.equals(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), this.maxBytes).map((buffer) -> {
			byte[] body = new byte[buffer.readableByteCount()];
			buffer.read(body);
			DataBufferUtils.release(buffer);
			return body;
		}).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			if (!isJson(exchange.getRequest().getHeaders().getContentType())) {
				// Spring for GraphQL answers the media type
				return chain.filter(withBody(exchange, body));
			}
			JsonNode request;
			try {
				request = JSON.readTree(body);
			}
			catch (JacksonException ex) {
				return refuse(exchange, "The body is not JSON: a GraphQL request is a JSON object"
						+ " with query, variables and operationName.");
			}
			if (request.isArray()) {
				return this.problems.write(exchange,
						Problems.of(HttpStatus.BAD_REQUEST, "graphql-batch-unsupported",
								"Batched requests are not supported",
								"Send one GraphQL operation per request (a JSON object), not an array of them;"
										+ " aliases combine several fields in one operation."));
			}
			if (!(request instanceof ObjectNode object)) {
				return refuse(exchange, "A GraphQL request is a JSON object with query, variables and operationName.");
			}
			String nul = nulPointer(object, "");
			if (nul != null) {
				return this.problems.write(exchange,
						Problems.validation("A GraphQL request must not contain the NUL character.",
								List.of(new FieldViolation(nul, "must not contain the NUL character (U+0000)"))));
			}
			ObjectNode marked = PersistedQueries.marked(object);
			return chain.filter(withBody(exchange,
					(marked != null) ? JSON.writeValueAsString(marked).getBytes(StandardCharsets.UTF_8) : body));
		})
			.onErrorResume(DataBufferLimitException.class,
					(ex) -> this.problems.write(exchange,
							Problems.of(HttpStatus.CONTENT_TOO_LARGE, Problems.typeFor(413), "Payload too large",
									"A GraphQL request takes at most " + this.maxBytes + " bytes.")));
	}

	private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
		return this.problems.write(exchange,
				Problems.of(HttpStatus.BAD_REQUEST, Problems.typeFor(400), "Bad request", detail));
	}

	private static boolean isJson(MediaType type) {
		return type == null || MediaType.APPLICATION_JSON.isCompatibleWith(type)
				|| (type.getSubtypeSuffix() != null && type.getSubtypeSuffix().equals("json"));
	}

	/** The JSON pointer of the first key or string holding NUL, or null. */
	private static String nulPointer(JsonNode node, String pointer) {
		if (node.isString()) {
			return (node.asString().indexOf('\0') >= 0) ? pointer : null;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> member : node.properties()) {
				String at = pointer + "/" + member.getKey().replace("~", "~0").replace("/", "~1");
				if (member.getKey().indexOf('\0') >= 0) {
					return at.replace("\0", "");
				}
				String inside = nulPointer(member.getValue(), at);
				if (inside != null) {
					return inside;
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				String inside = nulPointer(node.get(i), pointer + "/" + i);
				if (inside != null) {
					return inside;
				}
			}
		}
		return null;
	}

	private static ServerWebExchange withBody(ServerWebExchange exchange, byte[] body) {
		return exchange.mutate().request(new ServerHttpRequestDecorator(exchange.getRequest()) {

			@Override
			public HttpHeaders getHeaders() {
				HttpHeaders headers = new HttpHeaders();
				headers.putAll(super.getHeaders());
				headers.setContentLength(body.length);
				return headers;
			}

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}

		}).build();
	}

}
