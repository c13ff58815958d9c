package io.strata.gateway.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.gateway.idempotency.IdempotencyGatewayFilterFactory;
import io.strata.gateway.problem.ProblemResponses;
import io.strata.gateway.ratelimit.TenantRateLimits;
import io.strata.gateway.security.EdgeAuthenticator;
import io.strata.platform.mtls.MtlsChannels;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlCorsProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.WebSocketUpgradeHandlerPredicate;

/**
 * GraphQL at {@code /graphql} (Spring for GraphQL on WebFlux, schema-first from
 * {@code graphql/schema.graphqls}), the schema at {@code /graphql/schema.graphqls},
 * GraphiQL at {@code /graphiql}, subscriptions over a WebSocket on {@code /graphql}
 * ({@code graphql-transport-ws}, {@link SubscriptionAuthentication}). Resolvers call the
 * services over gRPC ({@link DomainServices}); the edge's policies apply through
 * {@link EdgeGraphQlInterceptor}; depth and complexity are limited ({@link QueryLimits}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GraphQlEdgeProperties.class)
class GraphQlEdgeConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GraphQlEdgeConfiguration.class);

	static final String SCHEMA = "graphql/schema.graphqls";

	@Bean
	DomainServices graphQlDomainServices(GraphQlEdgeProperties properties, MtlsChannels channels) {
		return new DomainServices(channels.forTarget(properties.workflowGrpc()),
				channels.forTarget(properties.analyticsGrpc()), channels.forTarget(properties.notificationGrpc()),
				properties);
	}

	@Bean
	TenantEventStreams graphQlTenantEventStreams(DomainServices services, GraphQlEdgeProperties properties) {
		return new TenantEventStreams(services, properties.subscriberBuffer());
	}

	@Bean
	EdgeGraphQlInterceptor edgeGraphQlInterceptor(TenantRateLimits limits, GraphQlEdgeProperties properties) {
		return new EdgeGraphQlInterceptor(limits, properties);
	}

	@Bean
	SubscriptionAuthentication graphQlSubscriptionAuthentication(EdgeAuthenticator authenticator) {
		return new SubscriptionAuthentication(authenticator);
	}

	/**
	 * {@code graphql-transport-ws} on the HTTP endpoint's path (a WebSocket upgrade),
	 * ahead of the HTTP handler as Spring Boot maps it, but with the edge's close codes
	 * ({@link SubscriptionSocketHandler}). The handler is no bean: it is also a CORS
	 * source, and the edge has one.
	 */
	@Bean
	HandlerMapping graphQlWebSocketEndpoint(WebGraphQlHandler handler, ServerCodecConfigurer codecs,
			GraphQlProperties graphQl, GraphQlCorsProperties cors) {
		SubscriptionSocketHandler socket = new SubscriptionSocketHandler(handler, codecs,
				graphQl.getWebsocket().getConnectionInitTimeout(), graphQl.getWebsocket().getKeepAlive(),
				cors.toCorsConfiguration());
		SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of(graphQl.getHttp().getPath(), socket), -2);
		mapping.setHandlerPredicate(new WebSocketUpgradeHandlerPredicate());
		return mapping;
	}

	/**
	 * The WebSocket upgrade of {@code /graphql} passes the security chain without
	 * credentials: browsers cannot send headers on it, and the credential comes in
	 * {@code connection_init} ({@link SubscriptionAuthentication}).
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain graphQlWebSocketSecurity(ServerHttpSecurity http, GraphQlProperties graphQl) {
		String path = graphQl.getHttp().getPath();
		ServerWebExchangeMatcher upgrade = (
				exchange) -> (path.equals(exchange.getRequest().getPath().pathWithinApplication().value())
						&& "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade()))
								? ServerWebExchangeMatcher.MatchResult.match()
								: ServerWebExchangeMatcher.MatchResult.notMatch();
		return http.securityMatcher(upgrade)
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.build();
	}

	@Bean
	GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler) {
		return new EdgeGraphQlHttpHandler(handler);
	}

	@Bean
	GraphQlErrors graphQlErrors() {
		return new GraphQlErrors();
	}

	@Bean
	GraphQlIdempotency graphQlIdempotency(GraphQlProperties graphQl, IdempotencyGatewayFilterFactory idempotency) {
		return new GraphQlIdempotency(graphQl.getHttp().getPath(), idempotency);
	}

	@Bean
	PersistedQueries graphQlPersistedQueries(GraphQlEdgeProperties properties, ResourcePatternResolver resources)
			throws IOException {
		return new PersistedQueries(properties.maxPersistedQueries(),
				PersistedQueries.load(resources.getResources(properties.allowList())), properties.allowListOnly());
	}

	@Bean
	GraphQlRequestBodyFilter graphQlRequestBodyFilter(GraphQlProperties graphQl, GraphQlEdgeProperties properties,
			ProblemResponses problems) {
		return new GraphQlRequestBodyFilter(graphQl.getHttp().getPath(),
				Math.toIntExact(properties.maxRequestSize().toBytes()), problems);
	}

	@Bean
	GraphQlSourceBuilderCustomizer graphQlPersistedQuerySupport(PersistedQueries queries) {
		return (builder) -> builder.configureGraphQl((graphQl) -> graphQl.preparsedDocumentProvider(queries.support()));
	}

	@Bean
	SubscriptionErrors graphQlSubscriptionErrors() {
		return new SubscriptionErrors();
	}

	@Bean
	RuntimeWiringConfigurer graphQlScalars() {
		return (wiring) -> wiring.scalar(Scalars.JSON).scalar(Scalars.DATE_TIME);
	}

	@Bean
	MaxQueryDepthInstrumentation graphQlMaxDepth(GraphQlEdgeProperties properties) {
		return QueryLimits.depth(properties.maxDepth());
	}

	@Bean
	MaxQueryComplexityInstrumentation graphQlMaxComplexity(GraphQlEdgeProperties properties) {
		return QueryLimits.complexity(properties.maxComplexity());
	}

	@Bean
	Instrumentation graphQlMaxAliases(GraphQlEdgeProperties properties) {
		return QueryLimits.aliases(properties.maxAliases());
	}

	@Bean
	SchemaCoverage graphQlSchemaCoverage() {
		return new SchemaCoverage();
	}

	/**
	 * Spring's schema inspection, kept for tests and logged: a schema field without a
	 * resolver would answer null forever, silently.
	 */
	@Bean
	GraphQlSourceBuilderCustomizer graphQlSchemaInspection(SchemaCoverage coverage) {
		return (builder) -> builder.inspectSchemaMappings((report) -> {
			coverage.report = report;
			if (report.unmappedFields().isEmpty() && report.unmappedArguments().isEmpty()
					&& report.skippedTypes().isEmpty()) {
				log.debug("{}", report);
			}
			else {
				log.warn("{}", report);
			}
		});
	}

	/** The schema as written, for code generators and readers. */
	@Bean
	RouterFunction<ServerResponse> graphQlSchemaDocument() {
		String schema;
		try {
			schema = new ClassPathResource(SCHEMA).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		MediaType text = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
		return RouterFunctions.route()
			.GET("/graphql/schema.graphqls", (request) -> ServerResponse.ok().contentType(text).bodyValue(schema))
			.build();
	}

	/** The last schema inspection's report. */
	static final class SchemaCoverage {

		private volatile SchemaReport report;

		SchemaReport report() {
			return this.report;
		}

	}

}
