package io.strata.workflow.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.proto.resource.v1.GetResourceRequest;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.workflow.resource.ResourceEvents;
import io.strata.workflow.resource.ResourceStore;
import io.strata.workflow.resourcetype.ResourceTypeStore;

import org.springframework.stereotype.Service;

/**
 * {@code ResourceService} for the gateway and GraphQL: a resource, and a type's schema
 * (the gateway validates bodies with it). Reads run in the tenant's scope; a caller whose
 * token names another tenant than the request gets NOT_FOUND, as over HTTP.
 */
@Service
class ResourceGrpcService extends ResourceServiceGrpc.ResourceServiceImplBase {

	private final TenantScope tenants;

	private final ResourceStore resources;

	private final ResourceTypeStore types;

	ResourceGrpcService(TenantScope tenants, ResourceStore resources, ResourceTypeStore types) {
		this.tenants = tenants;
		this.resources = resources;
		this.types = types;
	}

	@Override
	public void getResource(GetResourceRequest request, StreamObserver<Resource> responses) {
		if (!TenantContext.isCallersTenant(request.getTenantId()) || request.getId().isEmpty()) {
			responses.onError(Status.NOT_FOUND.withDescription("no such resource").asRuntimeException());
			return;
		}
		this.tenants.call(request.getTenantId(), (status) -> this.resources.find(request.getId()))
			.ifPresentOrElse((resource) -> {
				responses.onNext(ResourceEvents.toProto(resource));
				responses.onCompleted();
			}, () -> responses.onError(Status.NOT_FOUND.withDescription("no such resource").asRuntimeException()));
	}

	@Override
	public void getResourceType(GetResourceTypeRequest request, StreamObserver<ResourceType> responses) {
		if (!TenantContext.isCallersTenant(request.getTenantId()) || request.getName().isEmpty()) {
			responses.onError(Status.NOT_FOUND.withDescription("no such resource type").asRuntimeException());
			return;
		}
		this.tenants.call(request.getTenantId(), (status) -> this.types.find(request.getName(), request.getVersion()))
			.ifPresentOrElse((type) -> {
				responses.onNext(io.strata.proto.resource.v1.ResourceType.newBuilder()
					.setTenantId(type.tenantId())
					.setName(type.name())
					.setVersion(type.version())
					.setSchemaJson(type.schema().toString())
					.setRetired(type.retired())
					.build());
				responses.onCompleted();
			}, () -> responses.onError(Status.NOT_FOUND.withDescription("no such resource type").asRuntimeException()));
	}

}
