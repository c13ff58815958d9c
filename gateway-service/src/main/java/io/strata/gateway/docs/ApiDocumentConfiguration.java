package io.strata.gateway.docs;

import java.time.Duration;

import io.strata.gateway.routing.DownstreamServices;
import io.strata.platform.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /docs/openapi.json}: the platform's one API document, beside Swagger UI at
 * {@code /docs}.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ApiDocumentConfiguration.class);

	@Bean
	ApiDocument apiDocument(DownstreamServices services, SslBundles bundles,
			@Value("${strata.api.version:2.0.0}") String version,
			@Value("${strata.gateway.docs.cache-ttl:5m}") Duration ttl) {
		return new ApiDocument(services, bundles, version, ttl);
	}

	@Bean
	RouterFunction<ServerResponse> apiDocumentRoute(ApiDocument document) {
		return RouterFunctions.route().GET("/docs/openapi.json", (request) -> document.json().onErrorMap((ex) -> {
			log.warn("Could not merge the services' API documents: {}", ex.toString());
			return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
					"A service did not answer with its API document; try again shortly.");
		}).flatMap((body) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body))).build();
	}

}
