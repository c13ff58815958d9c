package io.strata.gateway.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * JSON Schema 2020-12 validation with networknt's validator: the platform's request
 * schemas by route, and tenants' resource-type schemas compiled on demand. Schemas never
 * fetch remote documents (a tenant's {@code $ref} must not make the gateway call out).
 */
final class RequestSchemas {

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
				.schemaLoader((loader) -> loader.fetchRemoteResources(false)));

	private final List<Route> routes = new ArrayList<>();

	RequestSchemas(List<ValidationProperties.SchemaRoute> schemaRoutes) {
		for (ValidationProperties.SchemaRoute route : schemaRoutes) {
			try (InputStream in = new ClassPathResource("schemas/" + route.schema()).getInputStream()) {
				this.routes.add(new Route(route.method().toUpperCase(Locale.ROOT),
						PathPatternParser.defaultInstance.parse(route.path()), this.registry.getSchema(in)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read request schema " + route.schema(), ex);
			}
		}
	}

	/** The platform schema of this request, or null when it has none. */
	Schema forRequest(String method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		return this.routes.stream()
			.filter((route) -> route.method().equals(method) && route.path().matches(container))
			.map(Route::schema)
			.findFirst()
			.orElse(null);
	}

	Schema compile(JsonNode schema) {
		return this.registry.getSchema(schema);
	}

	/** Every violation, as JSON pointers into {@code base} + the instance location. */
	static List<FieldViolation> violations(Schema schema, JsonNode instance, String base) {
		List<Error> errors = schema.validate(instance);
		return errors.stream().map((error) -> {
			String pointer = base + pointer(error);
			return new FieldViolation(pointer, error.getMessage());
		}).sorted(Comparator.comparing(FieldViolation::pointer)).toList();
	}

	private static String pointer(Error error) {
		String location = (error.getInstanceLocation() != null) ? error.getInstanceLocation().toString() : "";
		if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
			location = location + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
		}
		return location;
	}

	private record Route(String method, PathPattern path, Schema schema) {
	}

}
