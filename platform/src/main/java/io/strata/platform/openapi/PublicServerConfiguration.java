package io.strata.platform.openapi;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Every OpenAPI document names one server: the platform's public URL. Left to itself,
 * springdoc derives it from the request, so whoever sends a forged {@code Host} or
 * {@code X-Forwarded-Host} would make Swagger UI's try-it-out (and any SDK generated from
 * the document) send tokens to their host.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class PublicServerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OpenAPI strataOpenApi(@Value("${strata.public-url:http://localhost:8080}") String publicUrl) {
		return new OpenAPI().servers(List.of(new Server().url(publicUrl).description("Strata")));
	}

}
