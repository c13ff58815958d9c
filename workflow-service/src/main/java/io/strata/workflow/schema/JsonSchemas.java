package io.strata.workflow.schema;

import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;

import org.springframework.stereotype.Component;

/**
 * JSON Schema 2020-12 through networknt's json-schema-validator: checks a type's schema
 * against the 2020-12 meta-schema, then validates attributes with it and reports every
 * violation with a JSON pointer. Remote {@code $ref}s are never fetched (a tenant's
 * schema must not make this service call out: SSRF).
 */
@Component
public class JsonSchemas {

	private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

	private static final int CACHE_LIMIT = 1_000;

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder.schemaLoader((loader) -> loader.fetchRemoteResources(false))
				.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build()));

	private final Schema metaSchema = this.registry.getSchema(SchemaLocation.of(META_SCHEMA));

	/**
	 * Compiled schemas by their JSON tree (equal trees have equal JSON; looking one up
	 * hashes the tree, no text is written); types change rarely, validation is hot.
	 */
	private final Cache<JsonNode, Schema> compiled = Caffeine.newBuilder().maximumSize(CACHE_LIMIT).build();

	/**
	 * Problems of a schema a caller defines; empty when it is a usable 2020-12 schema.
	 */
	public List<FieldViolation> checkSchema(JsonNode schema, String pointer) {
		if (schema == null || !schema.isObject()) {
			return List.of(new FieldViolation(pointer, "must be a JSON Schema object"));
		}
		List<FieldViolation> violations = new ArrayList<>(toViolations(this.metaSchema.validate(schema), pointer));
		if (violations.isEmpty()) {
			try {
				compile(schema);
			}
			catch (RuntimeException ex) {
				violations.add(new FieldViolation(pointer, "cannot be used: " + ex.getMessage()));
			}
		}
		return violations;
	}

	/** Every violation of the instance against the schema, pointers under the prefix. */
	public List<FieldViolation> validate(JsonNode schema, JsonNode instance, String pointerPrefix) {
		return toViolations(compile(schema).validate(instance), pointerPrefix);
	}

	private Schema compile(JsonNode schema) {
		Schema found = this.compiled.getIfPresent(schema);
		if (found != null) {
			return found;
		}
		Schema created = this.registry.getSchema(schema);
		created.initializeValidators();
		// a copy as the key: the caller's tree may change later
		this.compiled.put(schema.deepCopy(), created);
		return created;
	}

	private static List<FieldViolation> toViolations(List<Error> errors, String prefix) {
		List<FieldViolation> violations = new ArrayList<>();
		for (Error error : errors) {
			String location = error.getInstanceLocation().toString();
			String pointer = prefix + ("/".equals(location) ? "" : location);
			if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
				pointer = pointer + "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
			}
			violations.add(new FieldViolation(pointer, message(error)));
		}
		return violations;
	}

	private static String message(Error error) {
		// the library prefixes messages with the instance location, which the pointer
		// already carries
		String message = error.getMessage();
		int colon = message.indexOf(": ");
		return (message.startsWith("/") || message.startsWith("$")) && colon > 0 ? message.substring(colon + 2)
				: message;
	}

}
