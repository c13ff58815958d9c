package io.strata.gateway.graphql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.gateway.ratelimit.TenantRateLimits;
import io.strata.platform.mtls.MtlsChannels;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.execution.SchemaReport;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * GraphQL at {@code /graphql} (Spring for GraphQL on WebFlux, schema-first from
 * {@code graphql/schema.graphqls}), the schema at {@code /graphql/schema.graphqls},
 * GraphiQL at {@code /graphiql}. Resolvers call the services over gRPC
 * ({@link DomainServices}); the edge's policies apply through
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
				channels.forTarget(properties.analyticsGrpc()), properties);
	}

	@Bean
	EdgeGraphQlInterceptor edgeGraphQlInterceptor(TenantRateLimits limits, GraphQlEdgeProperties properties) {
		return new EdgeGraphQlInterceptor(limits, properties);
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
