package io.strata.gateway.validation;

import java.util.List;
import java.util.Optional;

import com.networknt.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.security.Caller;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks the body of POST, PUT and PATCH before a service sees it: at most
 * {@code maxBodySize} (413), JSON where the API takes JSON (415), well-formed (400), not
 * absurdly nested (400), and valid against the platform's request schema of the route or,
 * for resources, the tenant's resource-type schema (400 with every violation in
 * {@code errors[]}). The body read here is handed on unchanged (and kept in the exchange
 * for the idempotency filter).
 */
@Component
public class BodyValidationGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	/**
	 * Edge policies run before {@code NettyWriteResponseFilter} ({@code -1}), so that
	 * they see (and, for idempotency, capture) the answer: rate limit, then body
	 * validation, then idempotency.
	 */
	static final int ORDER = -3;

	/** Exchange attribute holding the request body bytes once read. */
	public static final String CACHED_BODY = BodyValidationGatewayFilterFactory.class.getName() + ".body";

	private static final Logger log = LoggerFactory.getLogger(BodyValidationGatewayFilterFactory.class);

	private static final PathPattern RESOURCES = PathPatternParser.defaultInstance.parse("/v2/resources");

	private static final PathPattern RESOURCE = PathPatternParser.defaultInstance.parse("/v2/resources/{id}");

	private final ValidationProperties properties;

	private final List<PathPattern> jsonPaths;

	private final JsonBodies json;

	private final RequestSchemas schemas;

	private final ResourceTypeSchemas resourceTypes;

	private final EdgeMetrics metrics;

	BodyValidationGatewayFilterFactory(ValidationProperties properties, RequestSchemas schemas,
			ResourceTypeSchemas resourceTypes, EdgeMetrics metrics) {
		super(Object.class);
		this.properties = properties;
		this.jsonPaths = properties.jsonPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
		this.json = new JsonBodies(properties.maxDepth(), properties.maxBodySize().toBytes());
		this.schemas = schemas;
		this.resourceTypes = resourceTypes;
		this.metrics = metrics;
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			ServerHttpRequest request = exchange.getRequest();
			HttpMethod method = request.getMethod();
			if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
				return chain.filter(exchange);
			}
			int max = (int) Math.min(Integer.MAX_VALUE, this.properties.maxBodySize().toBytes());
			if (request.getHeaders().getContentLength() > max) {
				return reject(exchange, "body_too_large", tooLarge(max));
			}
			return DataBufferUtils.join(request.getBody(), max)
				.map(BodyValidationGatewayFilterFactory::bytes)
				.defaultIfEmpty(new byte[0])
				.onErrorMap(DataBufferLimitException.class, (ex) -> tooLarge(max))
				.flatMap((body) -> validate(exchange, body).then(Mono.defer(() -> {
					exchange.getAttributes().put(CACHED_BODY, body);
					return chain.filter(exchange.mutate().request(withBody(request, body)).build());
				})))
				.onErrorResume(ProblemException.class, (ex) -> reject(exchange, reason(ex), ex));
		}, ORDER);
	}

	private Mono<Void> validate(ServerWebExchange exchange, byte[] body) {
		ServerHttpRequest request = exchange.getRequest();
		PathContainer path = request.getPath().pathWithinApplication();
		if (body.length == 0 || this.jsonPaths.stream().noneMatch((pattern) -> pattern.matches(path))) {
			return Mono.empty();
		}
		MediaType contentType = request.getHeaders().getContentType();
		if (contentType == null
				|| !("json".equals(contentType.getSubtype()) || contentType.getSubtype().endsWith("+json"))) {
			return Mono.error(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
					"Unsupported media type", "This API takes application/json bodies."));
		}
		JsonNode document = this.json.parse(body);
		String method = request.getMethod().name();
		Schema platform = this.schemas.forRequest(method, path.value());
		if (platform != null) {
			return check(RequestSchemas.violations(platform, document, ""));
		}
		boolean resourceWrite = (method.equals("POST") && RESOURCES.matches(path))
				|| (method.equals("PUT") && RESOURCE.matches(path));
		if (resourceWrite && document.isObject() && document.path("type").isString()) {
			return Caller.of(exchange)
				.flatMap((caller) -> this.resourceTypes.schema(caller.tenantId(), document.path("type").asString(),
						request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
				.onErrorResume((ex) -> !(ex instanceof ProblemException), (ex) -> {
					log.debug("Resource type schema unavailable, passing unvalidated: {}", ex.toString());
					return Mono.just(Optional.<Schema>empty());
				})
				.flatMap((schema) -> schema.isPresent()
						? check(RequestSchemas.violations(schema.get(), document.path("attributes"), "/attributes"))
						: Mono.empty());
		}
		return Mono.empty();
	}

	private static Mono<Void> check(List<FieldViolation> violations) {
		if (violations.isEmpty()) {
			return Mono.empty();
		}
		return Mono.error(ProblemException.invalid(violations.size() + " field(s) of the body do not match the schema.",
				violations));
	}

	private Mono<Void> reject(ServerWebExchange exchange, String reason, ProblemException problem) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		this.metrics.rejected(reason, (route != null) ? route.getId() : null);
		return Mono.error(problem);
	}

	private static String reason(ProblemException ex) {
		return switch (ex.status().value()) {
			case 413 -> "body_too_large";
			case 415 -> "media_type";
			default -> "validation";
		};
	}

	private static ProblemException tooLarge(int max) {
		return new ProblemException(HttpStatus.valueOf(413), "payload-too-large", "Payload too large",
				"The body exceeds " + max + " bytes.");
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static ServerHttpRequest withBody(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}

		};
	}

}
