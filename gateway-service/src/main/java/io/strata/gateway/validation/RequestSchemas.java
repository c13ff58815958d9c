package io.strata.gateway.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * JSON Schema 2020-12 validation with networknt's validator: the platform's request
 * schemas by name ({@link BodySchemas} says which route uses which), and tenants'
 * resource-type schemas compiled on demand. Schemas never fetch remote documents (a
 * tenant's {@code $ref} must not make the gateway call out).
 */
final class RequestSchemas {

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
				.schemaLoader((loader) -> loader.fetchRemoteResources(false)));

	/**
	 * The platform's request schemas, {@code classpath:schemas/<name>.json}, read when
	 * the gateway starts: a schema read on a route's first request would be file I/O on a
	 * Netty event loop.
	 */
	private final Map<String, Schema> named;

	RequestSchemas() {
		Map<String, Schema> schemas = new HashMap<>();
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath:schemas/*.json")) {
				String file = resource.getFilename();
				try (InputStream in = resource.getInputStream()) {
					schemas.putIfAbsent(file.substring(0, file.length() - ".json".length()),
							this.registry.getSchema(in));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the request schemas", ex);
		}
		this.named = Map.copyOf(schemas);
	}

	/**
	 * A platform request schema by name.
	 * @throws IllegalArgumentException when there is none
	 */
	Schema named(String name) {
		Schema schema = this.named.get(name);
		if (schema == null) {
			throw new IllegalArgumentException("No request schema " + name + " among " + this.named.keySet());
		}
		return schema;
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

}
