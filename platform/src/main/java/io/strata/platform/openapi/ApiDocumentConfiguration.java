package io.strata.platform.openapi;

import java.util.List;

import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Every service's OpenAPI document the same way: wire names and required fields as the
 * wire has them ({@link RecordSchemas}), the platform's conventions
 * ({@link ApiConventions}), and one server, the platform's public URL. Left to itself,
 * springdoc derives the server from the request, so whoever sends a forged {@code Host}
 * or {@code X-Forwarded-Host} would make Swagger UI's try-it-out (and any SDK generated
 * from the document) send tokens to their host.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class ApiDocumentConfiguration {

	@Bean
	@ConditionalOnMissingBean
	OpenAPI strataOpenApi(@Value("${strata.public-url}") String publicUrl) {
		return new OpenAPI().servers(List.of(new Server().url(publicUrl).description("Strata")));
	}

	@Bean
	ModelConverter strataRecordSchemas() {
		return new RecordSchemas();
	}

	@Bean
	PageParameters strataPageParameters() {
		return new PageParameters();
	}

	@Bean
	ApiConventions strataApiConventions(@Value("${spring.application.name:strata}") String application,
			@Value("${strata.api.version:2.0.0}") String version, @Value("${strata.public-url}") String publicUrl) {
		return new ApiConventions("Strata " + application, version, publicUrl);
	}

}
