package io.strata.gateway.graphql;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.workflow.v1.Operation;

/** What the schema's object types resolve from: the services' answers, as records. */
final class Nodes {

	private Nodes() {
	}

	/** {@code Resource}; {@code resourceType} is a batch mapping. */
	record ResourceNode(String id, String type, int typeVersion, String state, Map<String, Object> attributes,
			String etag, long version, Instant createdAt, Instant updatedAt) {

		static ResourceNode of(Resource resource) {
			return new ResourceNode(resource.getId(), resource.getType(), resource.getTypeVersion(),
					resource.getState(), StructValues.toMap(resource.getAttributes()),
					Nodes.etag(resource.getVersion()), resource.getVersion(), instant(resource.getCreatedAt()),
					instant(resource.getUpdatedAt()));
		}

	}

	/** {@code ResourceType}. */
	record ResourceTypeNode(String name, int version, String description, Object schema, Object lifecycle,
			boolean retired, Instant createdAt, List<String> textAttributes) {

		static ResourceTypeNode of(ResourceType type) {
			return new ResourceTypeNode(type.getName(), type.getVersion(),
					type.getDescription().isEmpty() ? null : type.getDescription(),
					StructValues.parseJson(type.getSchemaJson()), StructValues.parseJson(type.getLifecycleJson()),
					type.getRetired(), type.hasCreatedAt() ? instant(type.getCreatedAt()) : null,
					type.getTextAttributesList());
		}

	}

	/** {@code Operation}. */
	record OperationNode(String id, String resourceId, String action, String status, String fromState, String toState,
			String error, Instant createdAt, Instant updatedAt, Instant finishedAt) {

		static OperationNode of(Operation operation) {
			return new OperationNode(operation.getId(), operation.getResourceId(), operation.getAction(),
					operation.getStatus(), blankToNull(operation.getFromState()), blankToNull(operation.getToState()),
					blankToNull(operation.getError()), instant(operation.getCreatedAt()),
					instant(operation.getUpdatedAt()),
					operation.hasFinishedAt() ? instant(operation.getFinishedAt()) : null);
		}

	}

	/** {@code Me}: the caller, as the token says. */
	record MeNode(String tenantId, String subject, String clientId, List<String> scopes) {

		static MeNode of(GraphQlCaller caller) {
			return new MeNode(caller.tenantId(), caller.caller().subject(), caller.caller().clientId(),
					caller.caller().scopes().stream().sorted().toList());
		}

	}

	/** The REST API's ETag of a version, which {@code ifMatch} takes back. */
	static String etag(long version) {
		return "\"" + version + "\"";
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	private static String blankToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
