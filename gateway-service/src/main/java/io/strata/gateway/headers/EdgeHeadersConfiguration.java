package io.strata.gateway.headers;

import java.time.Duration;
import java.util.List;

import reactor.core.publisher.Mono;

import io.strata.gateway.paths.PathList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.WebFilter;

/**
 * CORS for the browsers of the configured origins (preflights are answered before
 * authentication: they carry no token) and {@code Cache-Control: no-store} on answers
 * that carry credentials. The other security headers ({@code X-Content-Type-Options},
 * {@code Strict-Transport-Security} over TLS only, frame options) come from Spring
 * Security's header writers in the edge chain.
 */
@Configuration(proxyBeanMethods = false)
class EdgeHeadersConfiguration {

	@Bean
	CorsConfigurationSource edgeCorsConfigurationSource(EdgeHeadersProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.corsAllowedOrigins());
		cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "If-Match", "If-None-Match",
				"X-API-Key", "X-Request-Id", "traceparent", "tracestate"));
		cors.setExposedHeaders(List.of("ETag", "Location", "RateLimit", "RateLimit-Policy", "Retry-After",
				"X-Request-Id", "Idempotent-Replayed", "Deprecation", "Sunset", "Link"));
		cors.setMaxAge(Duration.ofMinutes(10));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter noStoreOnCredentialsFilter(EdgeHeadersProperties properties) {
		PathList paths = new PathList(properties.noStorePaths());
		return (exchange, chain) -> {
			if (paths.contains(exchange)) {
				exchange.getResponse().beforeCommit(() -> {
					exchange.getResponse().getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
					exchange.getResponse().getHeaders().set(HttpHeaders.PRAGMA, "no-cache");
					return Mono.empty();
				});
			}
			return chain.filter(exchange);
		};
	}

}
