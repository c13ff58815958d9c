package io.strata.gateway.validation;

import java.util.List;
import java.util.Optional;

import com.networknt.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.policy.Policy;
import io.strata.gateway.policy.RequestBodies;
import io.strata.gateway.security.Caller;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Checks the body of POST, PUT and PATCH before a service sees it: at most
 * {@code maxBodySize} (413), JSON where the API takes JSON (415), well-formed (400), not
 * absurdly nested (400), and valid against the schema the route's metadata names for the
 * request ({@link BodySchemas}: a platform request schema, or the tenant's resource-type
 * schema), with every violation in {@code errors[]} of a 400. The body is read through
 * Spring Cloud Gateway's cache ({@link RequestBodies}) and handed on unchanged.
 */
@Component
public class BodyValidationGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final Logger log = LoggerFactory.getLogger(BodyValidationGatewayFilterFactory.class);

	private final ValidationProperties properties;

	private final List<PathPattern> jsonPaths;

	private final JsonBodies json;

	private final BodySchemas schemas;

	private final ResourceTypeSchemas resourceTypes;

	private final EdgeMetrics metrics;

	BodyValidationGatewayFilterFactory(ValidationProperties properties, BodySchemas schemas,
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
			HttpMethod method = exchange.getRequest().getMethod();
			if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH) {
				return chain.filter(exchange);
			}
			return RequestBodies.cache(exchange, this.properties.maxBodySize().toBytes())
				.onErrorResume(ProblemException.class, (ex) -> reject(exchange, ex))
				.flatMap((cached) -> Mono.defer(() -> validate(cached, RequestBodies.bytes(cached)))
					.onErrorResume(ProblemException.class, (ex) -> reject(cached, ex))
					.then(Mono.defer(() -> chain.filter(cached))));
		}, Policy.BODY_VALIDATION.order());
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
		BodySchemas.Target target = this.schemas.find(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR),
				request.getMethod().name(), path);
		if (target == null) {
			return Mono.empty();
		}
		if (!target.tenantResourceType()) {
			return check(RequestSchemas.violations(target.schema(), document, ""));
		}
		if (!document.isObject() || !document.path("type").isString()) {
			return Mono.empty();
		}
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

	private static Mono<Void> check(List<FieldViolation> violations) {
		if (violations.isEmpty()) {
			return Mono.empty();
		}
		return Mono.error(ProblemException.invalid(violations.size() + " field(s) of the body do not match the schema.",
				violations));
	}

	private <T> Mono<T> reject(ServerWebExchange exchange, ProblemException problem) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		this.metrics.rejected(reason(problem), (route != null) ? route.getId() : null);
		return Mono.error(problem);
	}

	private static String reason(ProblemException ex) {
		return switch (ex.status().value()) {
			case 413 -> "body_too_large";
			case 415 -> "media_type";
			default -> "validation";
		};
	}

}
