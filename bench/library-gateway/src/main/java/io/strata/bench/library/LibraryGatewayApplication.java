package io.strata.bench.library;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The edge benchmark's second gateway anchor: Spring Cloud Gateway with what Strata's
 * gateway takes from libraries, and nothing of Strata: Spring Security's resource server
 * (every route needs a bearer token; a verified token is kept for five minutes, as
 * Strata's gateway keeps one for at most its JWKS cache's five minutes), Boot's server
 * observation and Prometheus metrics. {@code ./strata bench edge} compares the bare
 * gateway, this one and Strata's, so the table separates what the libraries cost from
 * what Strata's own policies cost.
 */
@SpringBootApplication
public class LibraryGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(LibraryGatewayApplication.class, args);
	}

	@Bean
	SecurityWebFilterChain security(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/actuator/health/**")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			}))
			.build();
	}

	/** Identity's keys, each verified token kept for at most five minutes. */
	@Bean
	ReactiveJwtDecoder jwtDecoder(@Value("${bench.jwks-uri}") String jwksUri) {
		ReactiveJwtDecoder verifying = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUri)
			.jwsAlgorithm(SignatureAlgorithm.ES256)
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		Cache<String, Jwt> verified = Caffeine.newBuilder()
			.maximumSize(10_000)
			.expireAfterWrite(Duration.ofMinutes(5))
			.build();
		return (token) -> {
			Jwt known = verified.getIfPresent(token);
			return (known != null) ? Mono.just(known)
					: verifying.decode(token).doOnNext((jwt) -> verified.put(token, jwt));
		};
	}

}
