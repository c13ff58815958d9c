package io.strata.workflow.resourcetype;

import io.strata.platform.events.DomainEvent;
import io.strata.proto.resource.v1.ResourceTypeChanged;

/**
 * {@code resource.type_changed} on resource.events, keyed by the type's name: the gateway
 * refreshes its schema cache from it.
 */
final class ResourceTypeEvents {

	private ResourceTypeEvents() {
	}

	static DomainEvent changed(ResourceType type) {
		return DomainEvent.of("type:" + type.name(), type.tenantId(),
				ResourceTypeChanged.newBuilder().setResourceType(toProto(type)).build());
	}

	static io.strata.proto.resource.v1.ResourceType toProto(ResourceType type) {
		return io.strata.proto.resource.v1.ResourceType.newBuilder()
			.setTenantId(type.tenantId())
			.setName(type.name())
			.setVersion(type.version())
			.setSchemaJson(type.schema().toString())
			.setRetired(type.retired())
			.addAllTextAttributes(type.textAttributes())
			.build();
	}

}
