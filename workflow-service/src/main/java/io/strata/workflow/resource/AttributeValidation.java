package io.strata.workflow.resource;

import java.util.List;

import tools.jackson.databind.JsonNode;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.workflow.resourcetype.ResourceType;
import io.strata.workflow.resourcetype.ResourceTypeStore;
import io.strata.workflow.schema.JsonSchemas;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Checks attributes against the current version of their type (defence in depth: the
 * gateway checks them too) and reports every violation at once.
 */
@Component
class AttributeValidation {

	/** Serialized attributes above this are refused (413). */
	static final int MAX_ATTRIBUTES_BYTES = 256 * 1024;

	private final ResourceTypeStore types;

	private final JsonSchemas schemas;

	AttributeValidation(ResourceTypeStore types, JsonSchemas schemas) {
		this.types = types;
		this.schemas = schemas;
	}

	/** The type the attributes were validated against; call inside the tenant scope. */
	ResourceType validate(String typeName, JsonNode attributes, boolean creating) {
		if (typeName == null || typeName.isBlank()) {
			throw ProblemException.invalid("The resource needs a type.",
					List.of(new FieldViolation("/type", "is required")));
		}
		ResourceType type = this.types.find(typeName, 0)
			.orElseThrow(() -> ProblemException.invalid("Unknown resource type.",
					List.of(new FieldViolation("/type", "names no resource type of this tenant"))));
		if (creating && type.retired()) {
			throw ProblemException.invalid("The resource type is retired.",
					List.of(new FieldViolation("/type", "is retired: no new resources")));
		}
		if (attributes == null || !attributes.isObject()) {
			throw ProblemException.invalid("The attributes must be a JSON object.",
					List.of(new FieldViolation("/attributes", "must be an object")));
		}
		if (attributes.toString().length() > MAX_ATTRIBUTES_BYTES) {
			throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
					"The attributes may take at most " + MAX_ATTRIBUTES_BYTES + " bytes.");
		}
		List<FieldViolation> violations = this.schemas.validate(type.schema(), attributes, "/attributes");
		if (!violations.isEmpty()) {
			throw ProblemException
				.invalid("The attributes break the schema of " + type.name() + " v" + type.version() + ".", violations);
		}
		return type;
	}

}
