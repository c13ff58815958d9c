package io.strata.gateway.graphql;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import com.google.protobuf.Struct;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.strata.gateway.grpc.GrpcMono;
import io.strata.proto.analytics.v1.GetMetricsRequest;
import io.strata.proto.analytics.v1.Metrics;
import io.strata.proto.analytics.v1.MetricsServiceGrpc;
import io.strata.proto.analytics.v1.SearchResourcesRequest;
import io.strata.proto.analytics.v1.SearchResourcesResponse;
import io.strata.proto.analytics.v1.SearchServiceGrpc;
import io.strata.proto.notification.v1.CreateWebhookEndpointRequest;
import io.strata.proto.notification.v1.DeleteWebhookEndpointRequest;
import io.strata.proto.notification.v1.DeleteWebhookEndpointResponse;
import io.strata.proto.notification.v1.GetWebhookEndpointRequest;
import io.strata.proto.notification.v1.ListWebhookEndpointsRequest;
import io.strata.proto.notification.v1.ListWebhookEndpointsResponse;
import io.strata.proto.notification.v1.NotificationServiceGrpc;
import io.strata.proto.notification.v1.UpdateWebhookEndpointRequest;
import io.strata.proto.notification.v1.WebhookEndpoint;
import io.strata.proto.notification.v1.WebhookServiceGrpc;
import io.strata.proto.notification.v1.StreamEventsRequest;
import io.strata.proto.notification.v1.StreamedEvent;
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
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.UpdateResourceRequest;
import io.strata.proto.workflow.v1.GetOperationRequest;
import io.strata.proto.workflow.v1.Operation;
import io.strata.proto.workflow.v1.StartActionRequest;
import io.strata.proto.workflow.v1.StartActionResponse;
import io.strata.proto.workflow.v1.WorkflowServiceGrpc;

import org.springframework.beans.factory.DisposableBean;

/**
 * The services GraphQL resolves through, over gRPC (mTLS when configured, as every call
 * of the gateway): workflow's {@code ResourceService} and {@code WorkflowService},
 * analytics' {@code SearchService}, notification's {@code NotificationService} (the event
 * stream behind subscriptions). Each call carries the caller's bearer token, so the
 * service checks signature, tenant and the method's scopes itself (zero trust), and the
 * caller's tenant. A failed call is a {@link GrpcCallException} naming its method.
 */
final class DomainServices implements DisposableBean {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ManagedChannel workflowChannel;

	private final ManagedChannel analyticsChannel;

	private final ManagedChannel notificationChannel;

	private final ResourceServiceGrpc.ResourceServiceStub resources;

	private final WorkflowServiceGrpc.WorkflowServiceStub workflows;

	private final SearchServiceGrpc.SearchServiceStub search;

	private final MetricsServiceGrpc.MetricsServiceStub metrics;

	private final NotificationServiceGrpc.NotificationServiceStub notifications;

	private final WebhookServiceGrpc.WebhookServiceStub webhooks;

	private final long deadlineMillis;

	DomainServices(ManagedChannel workflowChannel, ManagedChannel analyticsChannel, ManagedChannel notificationChannel,
			GraphQlEdgeProperties properties) {
		this.workflowChannel = workflowChannel;
		this.analyticsChannel = analyticsChannel;
		this.notificationChannel = notificationChannel;
		this.notifications = NotificationServiceGrpc.newStub(notificationChannel);
		this.webhooks = WebhookServiceGrpc.newStub(notificationChannel);
		this.resources = ResourceServiceGrpc.newStub(workflowChannel);
		this.workflows = WorkflowServiceGrpc.newStub(workflowChannel);
		this.search = SearchServiceGrpc.newStub(analyticsChannel);
		this.metrics = MetricsServiceGrpc.newStub(analyticsChannel);
		this.deadlineMillis = properties.grpcDeadline().toMillis();
	}

	Mono<Resource> getResource(GraphQlCaller caller, String id) {
		GetResourceRequest request = GetResourceRequest.newBuilder().setTenantId(caller.tenantId()).setId(id).build();
		return call(caller, this.resources, ResourceServiceGrpc.getGetResourceMethod(),
				(stub, observer) -> stub.getResource(request, observer));
	}

	Mono<SearchResourcesResponse> searchResources(GraphQlCaller caller, Search search, int pageSize, String pageToken) {
		SearchResourcesRequest.Builder request = SearchResourcesRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setPageSize(pageSize)
			.setMode(search.mode().name().toLowerCase(Locale.ROOT));
		if (search.filter() != null) {
			request.setFilter(search.filter());
		}
		if (search.query() != null) {
			request.setQ(search.query());
		}
		if (search.orderBy() != null) {
			request.setOrderBy(search.orderBy());
		}
		if (pageToken != null) {
			request.setPageToken(pageToken);
		}
		return call(caller, this.search, SearchServiceGrpc.getSearchResourcesMethod(),
				(stub, observer) -> stub.searchResources(request.build(), observer));
	}

	Mono<Resource> createResource(GraphQlCaller caller, String type, Struct attributes) {
		CreateResourceRequest request = CreateResourceRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setType(type)
			.setAttributes(attributes)
			.build();
		return call(caller, this.resources, ResourceServiceGrpc.getCreateResourceMethod(),
				(stub, observer) -> stub.createResource(request, observer));
	}

	Mono<Resource> updateResource(GraphQlCaller caller, String id, Struct attributes, String ifMatch) {
		UpdateResourceRequest request = UpdateResourceRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setId(id)
			.setAttributes(attributes)
			.setIfMatch(ifMatch)
			.build();
		return call(caller, this.resources, ResourceServiceGrpc.getUpdateResourceMethod(),
				(stub, observer) -> stub.updateResource(request, observer));
	}

	Mono<DeleteResourceResponse> deleteResource(GraphQlCaller caller, String id, String ifMatch) {
		DeleteResourceRequest request = DeleteResourceRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setId(id)
			.setIfMatch(ifMatch)
			.build();
		return call(caller, this.resources, ResourceServiceGrpc.getDeleteResourceMethod(),
				(stub, observer) -> stub.deleteResource(request, observer));
	}

	Mono<ResourceType> getResourceType(GraphQlCaller caller, String name) {
		GetResourceTypeRequest request = GetResourceTypeRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setName(name)
			.build();
		return call(caller, this.resources, ResourceServiceGrpc.getGetResourceTypeMethod(),
				(stub, observer) -> stub.getResourceType(request, observer));
	}

	Mono<ListResourceTypesResponse> listResourceTypes(GraphQlCaller caller, int pageSize, String pageToken) {
		ListResourceTypesRequest.Builder request = ListResourceTypesRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setPageSize(pageSize);
		if (pageToken != null) {
			request.setPageToken(pageToken);
		}
		return call(caller, this.resources, ResourceServiceGrpc.getListResourceTypesMethod(),
				(stub, observer) -> stub.listResourceTypes(request.build(), observer));
	}

	Mono<BatchGetResourceTypesResponse> batchGetResourceTypes(GraphQlCaller caller, List<String> names) {
		BatchGetResourceTypesRequest request = BatchGetResourceTypesRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.addAllNames(names)
			.build();
		return call(caller, this.resources, ResourceServiceGrpc.getBatchGetResourceTypesMethod(),
				(stub, observer) -> stub.batchGetResourceTypes(request, observer));
	}

	Mono<StartActionResponse> startAction(GraphQlCaller caller, String action, String resourceId, Struct input) {
		StartActionRequest request = StartActionRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setAction(action)
			.addResourceIds(resourceId)
			.setInput(input)
			.build();
		return call(caller, this.workflows, WorkflowServiceGrpc.getStartActionMethod(),
				(stub, observer) -> stub.startAction(request, observer));
	}

	Mono<Operation> getOperation(GraphQlCaller caller, String id) {
		GetOperationRequest request = GetOperationRequest.newBuilder().setTenantId(caller.tenantId()).setId(id).build();
		return call(caller, this.workflows, WorkflowServiceGrpc.getGetOperationMethod(),
				(stub, observer) -> stub.getOperation(request, observer));
	}

	Mono<Metrics> getMetrics(GraphQlCaller caller, GetMetricsRequest.Builder request) {
		GetMetricsRequest built = request.setTenantId(caller.tenantId()).build();
		return call(caller, this.metrics, MetricsServiceGrpc.getGetMetricsMethod(),
				(stub, observer) -> stub.getMetrics(built, observer));
	}

	Mono<ListWebhookEndpointsResponse> listWebhookEndpoints(GraphQlCaller caller, int pageSize, String pageToken) {
		ListWebhookEndpointsRequest.Builder request = ListWebhookEndpointsRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setPageSize(pageSize);
		if (pageToken != null) {
			request.setPageToken(pageToken);
		}
		return call(caller, this.webhooks, WebhookServiceGrpc.getListWebhookEndpointsMethod(),
				(stub, observer) -> stub.listWebhookEndpoints(request.build(), observer));
	}

	Mono<WebhookEndpoint> getWebhookEndpoint(GraphQlCaller caller, String id) {
		GetWebhookEndpointRequest request = GetWebhookEndpointRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setId(id)
			.build();
		return call(caller, this.webhooks, WebhookServiceGrpc.getGetWebhookEndpointMethod(),
				(stub, observer) -> stub.getWebhookEndpoint(request, observer));
	}

	Mono<WebhookEndpoint> createWebhookEndpoint(GraphQlCaller caller, CreateWebhookEndpointRequest.Builder request) {
		CreateWebhookEndpointRequest built = request.setTenantId(caller.tenantId()).build();
		return call(caller, this.webhooks, WebhookServiceGrpc.getCreateWebhookEndpointMethod(),
				(stub, observer) -> stub.createWebhookEndpoint(built, observer));
	}

	Mono<WebhookEndpoint> updateWebhookEndpoint(GraphQlCaller caller, UpdateWebhookEndpointRequest.Builder request) {
		UpdateWebhookEndpointRequest built = request.setTenantId(caller.tenantId()).build();
		return call(caller, this.webhooks, WebhookServiceGrpc.getUpdateWebhookEndpointMethod(),
				(stub, observer) -> stub.updateWebhookEndpoint(built, observer));
	}

	Mono<DeleteWebhookEndpointResponse> deleteWebhookEndpoint(GraphQlCaller caller, String id, String ifMatch) {
		DeleteWebhookEndpointRequest request = DeleteWebhookEndpointRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.setId(id)
			.setIfMatch((ifMatch != null) ? ifMatch : "")
			.build();
		return call(caller, this.webhooks, WebhookServiceGrpc.getDeleteWebhookEndpointMethod(),
				(stub, observer) -> stub.deleteWebhookEndpoint(request, observer));
	}

	/**
	 * The tenant's events of these types from now on, as long as the Flux is subscribed
	 * (cancelling it cancels the call). No deadline: the stream lives as long as the
	 * subscription.
	 */
	Flux<StreamedEvent> streamEvents(GraphQlCaller caller, List<String> types) {
		StreamEventsRequest request = StreamEventsRequest.newBuilder()
			.setTenantId(caller.tenantId())
			.addAllTypes(types)
			.build();
		NotificationServiceGrpc.NotificationServiceStub stub = this.notifications
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization(caller)));
		String method = NotificationServiceGrpc.getStreamEventsMethod().getFullMethodName();
		return Flux.create(
				(sink) -> stub.streamEvents(request, new ClientResponseObserver<StreamEventsRequest, StreamedEvent>() {

					@Override
					public void beforeStart(ClientCallStreamObserver<StreamEventsRequest> call) {
						sink.onDispose(() -> call.cancel("unsubscribed", null));
					}

					@Override
					public void onNext(StreamedEvent event) {
						sink.next(event);
					}

					@Override
					public void onError(Throwable error) {
						if (sink.isCancelled()) {
							// the cancel of an unsubscribe coming back: nobody to tell
							return;
						}
						sink.error((error instanceof StatusRuntimeException status)
								? new GrpcCallException(method, status) : error);
					}

					@Override
					public void onCompleted() {
						sink.complete();
					}

				}));
	}

	private static Metadata authorization(GraphQlCaller caller) {
		Metadata headers = new Metadata();
		if (caller.authorization() != null) {
			headers.put(AUTHORIZATION, caller.authorization());
		}
		return headers;
	}

	private <S extends AbstractStub<S>, T> Mono<T> call(GraphQlCaller caller, S stub, MethodDescriptor<?, ?> method,
			BiConsumer<S, StreamObserver<T>> call) {
		S prepared = stub.withDeadlineAfter(this.deadlineMillis, TimeUnit.MILLISECONDS)
			.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization(caller)));
		return GrpcMono.<T>unary((observer) -> call.accept(prepared, observer))
			.onErrorMap(StatusRuntimeException.class, (ex) -> new GrpcCallException(method.getFullMethodName(), ex));
	}

	/**
	 * What {@code Query.resources} searches for.
	 *
	 * @param filter AIP-160 filter, or null
	 * @param query the text searched for (analytics' {@code q}), or null
	 * @param mode how the text matches
	 * @param orderBy the order, or null
	 */
	record Search(String filter, String query, ResourceGraphQlController.SearchMode mode, String orderBy) {

	}

	@Override
	public void destroy() {
		this.workflowChannel.shutdownNow();
		this.analyticsChannel.shutdownNow();
		this.notificationChannel.shutdownNow();
	}

}
