package io.strata.workflow.grpc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;
import io.strata.proto.resource.v1.BatchGetResourceTypesRequest;
import io.strata.proto.resource.v1.BatchGetResourceTypesResponse;
import io.strata.proto.resource.v1.CreateResourceRequest;
import io.strata.proto.resource.v1.DeleteResourceRequest;
import io.strata.proto.resource.v1.DeleteResourceResponse;
import io.strata.proto.resource.v1.GetResourceRequest;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.ListResourceTypesRequest;
import io.strata.proto.resource.v1.ListResourceTypesResponse;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.UpdateResourceRequest;
import io.strata.workflow.resource.ManagingResources;
import io.strata.workflow.resource.ResourceEvents;
import io.strata.workflow.resource.ResourceStore;
import io.strata.workflow.resourcetype.ResourceType;
import io.strata.workflow.resourcetype.ReadingResourceTypes;
import io.strata.workflow.support.Protos;

import org.springframework.stereotype.Service;

/**
 * {@code ResourceService} for the gateway and GraphQL: resources (read, create, merge
 * patch, delete: the same use case as {@code /v2/resources}, so the same validation,
 * ETags and events) and resource types (the gateway validates bodies with their schemas).
 * Everything runs in the tenant's scope; a caller whose token names another tenant than
 * the request gets NOT_FOUND, as over HTTP.
 */
@Service
class ResourceGrpcService extends ResourceServiceGrpc.ResourceServiceImplBase {

	/** More names than a page of resources can hold is not a DataLoader's batch. */
	private static final int MAX_BATCH = 500;

	private final TenantScope tenants;

	private final ResourceStore resources;

	private final ReadingResourceTypes types;

	private final ManagingResources managing;

	ResourceGrpcService(TenantScope tenants, ResourceStore resources, ReadingResourceTypes types,
			ManagingResources managing) {
		this.tenants = tenants;
		this.resources = resources;
		this.types = types;
		this.managing = managing;
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
	public void getResourceType(GetResourceTypeRequest request,
			StreamObserver<io.strata.proto.resource.v1.ResourceType> responses) {
		if (!TenantContext.isCallersTenant(request.getTenantId()) || request.getName().isEmpty()) {
			responses.onError(Status.NOT_FOUND.withDescription("no such resource type").asRuntimeException());
			return;
		}
		this.types.find(request.getTenantId(), request.getName(), request.getVersion()).ifPresentOrElse((type) -> {
			responses.onNext(toProto(type));
			responses.onCompleted();
		}, () -> responses.onError(Status.NOT_FOUND.withDescription("no such resource type").asRuntimeException()));
	}

	@Override
	public void createResource(CreateResourceRequest request, StreamObserver<Resource> responses) {
		answer(request.getTenantId(), responses, () -> ResourceEvents.toProto(this.managing
			.create(request.getTenantId(), request.getType(), StructJson.object(request.getAttributes()))));
	}

	@Override
	public void updateResource(UpdateResourceRequest request, StreamObserver<Resource> responses) {
		answer(request.getTenantId(), responses, () -> ResourceEvents.toProto(this.managing.patch(request.getTenantId(),
				request.getId(), request.getIfMatch(), StructJson.object(request.getAttributes()))));
	}

	@Override
	public void deleteResource(DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> responses) {
		answer(request.getTenantId(), responses, () -> {
			this.managing.delete(request.getTenantId(), request.getId(), request.getIfMatch());
			return DeleteResourceResponse.getDefaultInstance();
		});
	}

	@Override
	public void listResourceTypes(ListResourceTypesRequest request,
			StreamObserver<ListResourceTypesResponse> responses) {
		answer(request.getTenantId(), responses, () -> {
			Page<ResourceType> page = this.types.page(request.getTenantId(),
					PageRequest.ofMessage(request.getPageSize(), request.getPageToken()));
			ListResourceTypesResponse.Builder response = ListResourceTypesResponse.newBuilder();
			page.items().forEach((type) -> response.addResourceTypes(toProto(type)));
			if (page.nextPageToken() != null) {
				response.setNextPageToken(page.nextPageToken());
			}
			return response.build();
		});
	}

	@Override
	public void batchGetResourceTypes(BatchGetResourceTypesRequest request,
			StreamObserver<BatchGetResourceTypesResponse> responses) {
		answer(request.getTenantId(), responses, () -> {
			List<String> names = List.copyOf(new LinkedHashSet<>(request.getNamesList()));
			if (names.size() > MAX_BATCH) {
				throw ProblemException.invalid("At most " + MAX_BATCH + " names in one call.", List.of());
			}
			BatchGetResourceTypesResponse.Builder response = BatchGetResourceTypesResponse.newBuilder();
			this.types.findCurrent(request.getTenantId(), names)
				.forEach((type) -> response.addResourceTypes(toProto(type)));
			return response.build();
		});
	}

	/**
	 * Runs a use case for the request's tenant, which must be the caller's: another
	 * tenant's request learns nothing (NOT_FOUND). A refusal of the use case answers as
	 * {@link GrpcProblems} renders it.
	 */
	private static <T> void answer(String tenantId, StreamObserver<T> responses, Supplier<T> call) {
		if (tenantId.isEmpty() || !TenantContext.isCallersTenant(tenantId)) {
			responses.onError(Status.NOT_FOUND.withDescription("no such tenant").asRuntimeException());
			return;
		}
		T response;
		try {
			response = call.get();
		}
		catch (ProblemException ex) {
			responses.onError(GrpcProblems.of(ex));
			return;
		}
		responses.onNext(response);
		responses.onCompleted();
	}

	static io.strata.proto.resource.v1.ResourceType toProto(ResourceType type) {
		io.strata.proto.resource.v1.ResourceType.Builder proto = io.strata.proto.resource.v1.ResourceType.newBuilder()
			.setTenantId(type.tenantId())
			.setName(type.name())
			.setVersion(type.version())
			.setSchemaJson(type.schema().toString())
			.setRetired(type.retired())
			.setLifecycleJson(type.lifecycleJson().toString())
			.setCreatedAt(Protos.timestamp(type.createdAt()))
			.addAllTextAttributes(type.textAttributes());
		if (type.description() != null) {
			proto.setDescription(type.description());
		}
		return proto.build();
	}

}
