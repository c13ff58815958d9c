package io.strata.workflow.resource;

import io.strata.platform.proto.Structs;
import io.strata.platform.events.DomainEvent;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceDeleted;
import io.strata.proto.resource.v1.ResourceStateChanged;
import io.strata.proto.resource.v1.ResourceUpdated;
import io.strata.workflow.support.Protos;

/** The events of a resource on resource.events, keyed by the resource id. */
public final class ResourceEvents {

	private ResourceEvents() {
	}

	public static DomainEvent created(Resource resource) {
		return event(resource, ResourceCreated.newBuilder().setResource(toProto(resource)).build());
	}

	public static DomainEvent updated(Resource resource) {
		return event(resource, ResourceUpdated.newBuilder().setResource(toProto(resource)).build());
	}

	public static DomainEvent deleted(Resource resource) {
		return event(resource,
				ResourceDeleted.newBuilder()
					.setTenantId(resource.tenantId())
					.setId(resource.id())
					.setType(resource.type())
					.setVersion(resource.version() + 1)
					.build());
	}

	public static DomainEvent stateChanged(Resource resource, String fromState, String action) {
		return event(resource,
				ResourceStateChanged.newBuilder()
					.setResource(toProto(resource))
					.setFromState(fromState)
					.setAction(action)
					.build());
	}

	public static io.strata.proto.resource.v1.Resource toProto(Resource resource) {
		return io.strata.proto.resource.v1.Resource.newBuilder()
			.setId(resource.id())
			.setTenantId(resource.tenantId())
			.setType(resource.type())
			.setTypeVersion(resource.typeVersion())
			.setState(resource.state())
			.setAttributes(Structs.ofTree(resource.attributes()))
			.setVersion(resource.version())
			.setCreatedAt(Protos.timestamp(resource.createdAt()))
			.setUpdatedAt(Protos.timestamp(resource.updatedAt()))
			.build();
	}

	private static DomainEvent event(Resource resource, com.google.protobuf.Message payload) {
		return DomainEvent.of(resource.id(), resource.tenantId(), payload);
	}

}
