package io.strata.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.nimbusds.jwt.SignedJWT;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import io.strata.platform.security.EventScopes;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.analytics.v1.GetMetricsRequest;
import io.strata.proto.analytics.v1.MetricSeries;
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

/**
 * The gateway's GraphQL tests' stand-in for workflow's {@code ResourceService} and
 * {@code WorkflowService}, analytics' {@code SearchService} and notification's
 * {@code NotificationService} (event streams fed by {@link #publish}): a real gRPC server
 * on loopback implementing the generated service bases over an in-memory store. It is a
 * fake of Strata's own service boundary, acceptable for the gateway's tests only (the
 * gateway module may not depend on the services); the services' gRPC servers are tested
 * for real in their own modules, and the end-to-end suite drives GraphQL against them.
 * <p>
 * It behaves as the services' contract says where the gateway depends on it: the token
 * must name the request's tenant (else NOT_FOUND), the method's scopes come from the one
 * {@link RouteScopes} table (else PERMISSION_DENIED), ETags are checked (stale:
 * FAILED_PRECONDITION with ErrorInfo reason precondition-failed), and the search pages by
 * tokens. It does not verify signatures: the gateway already did, and this is not the
 * service.
 */
public final class GraphQlBackends {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Context.Key<Set<String>> SCOPES = Context.key("scopes");

	private static final Context.Key<String> TENANT = Context.key("tenant");

	/** Resources by id. */
	public final Map<String, Resource> resources = new ConcurrentHashMap<>();

	/** Resource types by tenant and name ({@link GrpcStandIns#typeKey}). */
	public final Map<String, ResourceType> types = new ConcurrentHashMap<>();

	public final Map<String, Operation> operations = new ConcurrentHashMap<>();

	/** Webhook endpoints by id. */
	public final Map<String, WebhookEndpoint> webhookEndpoints = new ConcurrentHashMap<>();

	/** Open event streams: what {@link #publish} feeds. */
	private final List<EventSubscriber> subscribers = new CopyOnWriteArrayList<>();

	/** Every search request, in order. */
	public final List<SearchResourcesRequest> searches = new CopyOnWriteArrayList<>();

	/** Calls by method (the bare method name, such as {@code BatchGetResourceTypes}). */
	public final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final Server server;

	private GraphQlBackends() {
		try {
			ServerInterceptor checks = new TokenChecks();
			this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
				.addService(ServerInterceptors.intercept(new Resources(), checks))
				.addService(ServerInterceptors.intercept(new Workflows(), checks))
				.addService(ServerInterceptors.intercept(new Search(), checks))
				.addService(ServerInterceptors.intercept(new Notifications(), checks))
				.addService(ServerInterceptors.intercept(new Webhooks(), checks))
				.addService(ServerInterceptors.intercept(new MetricsStandIn(), checks))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static GraphQlBackends start() {
		return new GraphQlBackends();
	}

	public String target() {
		return "127.0.0.1:" + this.server.getPort();
	}

	public int calls(String method) {
		return this.calls.getOrDefault(method, new AtomicInteger()).get();
	}

	/**
	 * Records an event as notification-service would and sends it to the open streams
	 * that may have it: the tenant's, whose token's scopes may read the type (the
	 * platform's {@link EventScopes}) and which asked for it.
	 * @param bodyJson the webhook body, {@code {"type", "timestamp", "data"}}
	 */
	public void publish(String tenant, String type, String bodyJson) {
		StreamedEvent event = StreamedEvent.newBuilder()
			.setCursor(this.cursor.incrementAndGet() + "-0")
			.setType(type)
			.setBodyJson(bodyJson)
			.build();
		for (EventSubscriber subscriber : this.subscribers) {
			if (subscriber.tenant().equals(tenant) && EventScopes.mayRead(type, subscriber.scopes()) && subscriber
				.types()
				.stream()
				.anyMatch((pattern) -> pattern.equals(type)
						|| (pattern.endsWith(".*") && type.startsWith(pattern.substring(0, pattern.length() - 1))))) {
				synchronized (subscriber.responses()) {
					subscriber.responses().onNext(event);
				}
			}
		}
	}

	/** How many event streams are open now (a cancelled subscription closes its own). */
	public int openEventStreams() {
		return (int) this.subscribers.stream().filter((subscriber) -> !subscriber.responses().isCancelled()).count();
	}

	private final AtomicInteger cursor = new AtomicInteger();

	private record EventSubscriber(String tenant, Set<String> scopes, List<String> types,
			ServerCallStreamObserver<StreamedEvent> responses) {
	}

	/** Defines a type with a lifecycle of open → approved (action approve). */
	public ResourceType defineType(String tenant, String name) {
		ResourceType type = ResourceType.newBuilder()
			.setTenantId(tenant)
			.setName(name)
			.setVersion(1)
			.setSchemaJson("{\"type\": \"object\", \"required\": [\"title\"]}")
			.setLifecycleJson("{\"initial\": \"open\", \"states\": [\"open\", \"approved\"],"
					+ " \"actions\": {\"approve\": {\"from\": [\"open\"], \"to\": \"approved\"}}}")
			.setDescription("A " + name)
			.addTextAttributes("title")
			.setCreatedAt(now())
			.build();
		this.types.put(GrpcStandIns.typeKey(tenant, name), type);
		return type;
	}

	private final class TokenChecks implements ServerInterceptor {

		@Override
		public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
				ServerCallHandler<Q, R> next) {
			String method = call.getMethodDescriptor().getFullMethodName();
			GraphQlBackends.this.calls
				.computeIfAbsent(method.substring(method.indexOf('/') + 1), (key) -> new AtomicInteger())
				.incrementAndGet();
			String authorization = headers.get(AUTHORIZATION);
			if (authorization == null || !authorization.startsWith("Bearer ")) {
				call.close(Status.UNAUTHENTICATED.withDescription("no token"), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			Set<String> scopes;
			String tenant;
			try {
				var claims = SignedJWT.parse(authorization.substring("Bearer ".length())).getJWTClaimsSet();
				String scope = claims.getStringClaim("scope");
				scopes = (scope != null) ? Set.of(scope.split(" ")) : Set.of();
				tenant = claims.getStringClaim("tid");
			}
			catch (ParseException ex) {
				call.close(Status.UNAUTHENTICATED.withDescription("not a JWT"), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			var required = RouteScopes.grpcMethod(method);
			if (required.isPresent() && !RouteScopes.grants(scopes, required.get())) {
				call.close(Status.PERMISSION_DENIED.withDescription("Access Denied"), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}
			return Contexts.interceptCall(Context.current().withValue(SCOPES, scopes).withValue(TENANT, tenant), call,
					headers, next);
		}

	}

	private static boolean callersTenant(String tenant) {
		return tenant != null && tenant.equals(TENANT.get());
	}

	private static <T> boolean refuseForeignTenant(String tenant, StreamObserver<T> responses) {
		if (callersTenant(tenant)) {
			return false;
		}
		responses.onError(Status.NOT_FOUND.withDescription("no such tenant").asRuntimeException());
		return true;
	}

	private static <T> void answer(StreamObserver<T> responses, T value) {
		responses.onNext(value);
		responses.onCompleted();
	}

	private static io.grpc.StatusRuntimeException problem(Code code, String reason, int httpStatus, String message) {
		return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
			.setCode(code.getNumber())
			.setMessage(message)
			.addDetails(Any.pack(ErrorInfo.newBuilder()
				.setDomain("strata.io")
				.setReason(reason)
				.putMetadata("http_status", Integer.toString(httpStatus))
				.build()))
			.build());
	}

	private static Timestamp now() {
		Instant now = Instant.now();
		return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
	}

	private Resource current(String tenant, String id) {
		Resource resource = this.resources.get(id);
		return (resource != null && resource.getTenantId().equals(tenant)) ? resource : null;
	}

	private static boolean matches(String ifMatch, long version) {
		return "*".equals(ifMatch) || ("\"" + version + "\"").equals(ifMatch);
	}

	private final class Resources extends ResourceServiceGrpc.ResourceServiceImplBase {

		@Override
		public void getResource(GetResourceRequest request, StreamObserver<Resource> responses) {
			Resource resource = callersTenant(request.getTenantId()) ? current(request.getTenantId(), request.getId())
					: null;
			if (resource == null) {
				responses.onError(Status.NOT_FOUND.withDescription("no such resource").asRuntimeException());
				return;
			}
			answer(responses, resource);
		}

		@Override
		public void getResourceType(GetResourceTypeRequest request, StreamObserver<ResourceType> responses) {
			ResourceType type = callersTenant(request.getTenantId())
					? GraphQlBackends.this.types.get(GrpcStandIns.typeKey(request.getTenantId(), request.getName()))
					: null;
			if (type == null) {
				responses.onError(Status.NOT_FOUND.withDescription("no such resource type").asRuntimeException());
				return;
			}
			answer(responses, type);
		}

		@Override
		public void createResource(CreateResourceRequest request, StreamObserver<Resource> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			ResourceType type = GraphQlBackends.this.types
				.get(GrpcStandIns.typeKey(request.getTenantId(), request.getType()));
			if (type == null) {
				responses.onError(problem(Code.INVALID_ARGUMENT, "validation", 400,
						"The resource type " + request.getType() + " does not exist."));
				return;
			}
			if (!request.getAttributes().containsFields("title")) {
				com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
					.setCode(Code.INVALID_ARGUMENT.getNumber())
					.setMessage("The attributes do not match the type's schema: /title required")
					.addDetails(Any.pack(ErrorInfo.newBuilder().setDomain("strata.io").setReason("validation").build()))
					.addDetails(Any.pack(com.google.rpc.BadRequest.newBuilder()
						.addFieldViolations(com.google.rpc.BadRequest.FieldViolation.newBuilder()
							.setField("/attributes/title")
							.setDescription("required property 'title' not found"))
						.build()))
					.build();
				responses.onError(StatusProto.toStatusRuntimeException(status));
				return;
			}
			Timestamp now = now();
			Resource resource = Resource.newBuilder()
				.setId(UUID.randomUUID().toString())
				.setTenantId(request.getTenantId())
				.setType(type.getName())
				.setTypeVersion(type.getVersion())
				.setState("open")
				.setAttributes(request.getAttributes())
				.setVersion(1)
				.setCreatedAt(now)
				.setUpdatedAt(now)
				.build();
			GraphQlBackends.this.resources.put(resource.getId(), resource);
			answer(responses, resource);
		}

		@Override
		public void updateResource(UpdateResourceRequest request, StreamObserver<Resource> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			Resource current = current(request.getTenantId(), request.getId());
			if (current == null) {
				responses
					.onError(problem(Code.NOT_FOUND, "not-found", 404, "Resource " + request.getId() + " not found."));
				return;
			}
			if (!matches(request.getIfMatch(), current.getVersion())) {
				responses.onError(problem(Code.FAILED_PRECONDITION, "precondition-failed", 412,
						"The If-Match ETag is stale: the current one is \"" + current.getVersion() + "\"."));
				return;
			}
			Struct.Builder attributes = current.getAttributes().toBuilder();
			request.getAttributes().getFieldsMap().forEach((key, value) -> {
				if (value.hasNullValue()) {
					attributes.removeFields(key);
				}
				else {
					attributes.putFields(key, value);
				}
			});
			Resource updated = current.toBuilder()
				.setAttributes(attributes)
				.setVersion(current.getVersion() + 1)
				.setUpdatedAt(now())
				.build();
			GraphQlBackends.this.resources.put(updated.getId(), updated);
			answer(responses, updated);
		}

		@Override
		public void deleteResource(DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			Resource current = current(request.getTenantId(), request.getId());
			if (current == null) {
				responses
					.onError(problem(Code.NOT_FOUND, "not-found", 404, "Resource " + request.getId() + " not found."));
				return;
			}
			if (!matches(request.getIfMatch(), current.getVersion())) {
				responses.onError(problem(Code.FAILED_PRECONDITION, "precondition-failed", 412,
						"The If-Match ETag is stale: the current one is \"" + current.getVersion() + "\"."));
				return;
			}
			GraphQlBackends.this.resources.remove(current.getId());
			answer(responses, DeleteResourceResponse.getDefaultInstance());
		}

		@Override
		public void listResourceTypes(ListResourceTypesRequest request,
				StreamObserver<ListResourceTypesResponse> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			List<ResourceType> all = GraphQlBackends.this.types.values()
				.stream()
				.filter((type) -> type.getTenantId().equals(request.getTenantId()))
				.sorted(Comparator.comparing(ResourceType::getName))
				.filter((type) -> request.getPageToken().isEmpty()
						|| type.getName().compareTo(request.getPageToken()) > 0)
				.toList();
			int size = (request.getPageSize() != 0) ? request.getPageSize() : 50;
			ListResourceTypesResponse.Builder response = ListResourceTypesResponse.newBuilder()
				.addAllResourceTypes(all.subList(0, Math.min(size, all.size())));
			if (all.size() > size) {
				response.setNextPageToken(all.get(size - 1).getName());
			}
			answer(responses, response.build());
		}

		@Override
		public void batchGetResourceTypes(BatchGetResourceTypesRequest request,
				StreamObserver<BatchGetResourceTypesResponse> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			BatchGetResourceTypesResponse.Builder response = BatchGetResourceTypesResponse.newBuilder();
			request.getNamesList()
				.stream()
				.distinct()
				.map((name) -> GraphQlBackends.this.types.get(GrpcStandIns.typeKey(request.getTenantId(), name)))
				.filter((type) -> type != null)
				.forEach(response::addResourceTypes);
			answer(responses, response.build());
		}

	}

	private final class Workflows extends WorkflowServiceGrpc.WorkflowServiceImplBase {

		@Override
		public void startAction(StartActionRequest request, StreamObserver<StartActionResponse> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			Resource resource = current(request.getTenantId(), request.getResourceIds(0));
			if (resource == null) {
				responses.onError(problem(Code.NOT_FOUND, "not-found", 404, "Resource not found."));
				return;
			}
			if (!request.getAction().equals("approve") || !resource.getState().equals("open")) {
				responses.onError(problem(Code.FAILED_PRECONDITION, "action-not-allowed", 409, "The action "
						+ request.getAction() + " is not allowed from the state '" + resource.getState() + "'."));
				return;
			}
			Operation operation = Operation.newBuilder()
				.setId(UUID.randomUUID().toString())
				.setTenantId(request.getTenantId())
				.setResourceId(resource.getId())
				.setAction(request.getAction())
				.setStatus("pending")
				.setFromState("open")
				.setToState("approved")
				.setCreatedAt(now())
				.setUpdatedAt(now())
				.build();
			GraphQlBackends.this.operations.put(operation.getId(), operation);
			GraphQlBackends.this.resources.put(resource.getId(),
					resource.toBuilder().setState("approved").setVersion(resource.getVersion() + 1).build());
			answer(responses, StartActionResponse.newBuilder().addOperations(operation).build());
		}

		@Override
		public void getOperation(GetOperationRequest request, StreamObserver<Operation> responses) {
			Operation operation = GraphQlBackends.this.operations.get(request.getId());
			if (operation == null || !callersTenant(request.getTenantId())
					|| !operation.getTenantId().equals(request.getTenantId())) {
				responses.onError(Status.NOT_FOUND.withDescription("no such operation").asRuntimeException());
				return;
			}
			answer(responses, operation);
		}

	}

	private final class Notifications extends NotificationServiceGrpc.NotificationServiceImplBase {

		@Override
		public void streamEvents(StreamEventsRequest request, StreamObserver<StreamedEvent> responses) {
			if (!callersTenant(request.getTenantId())) {
				responses
					.onError(Status.PERMISSION_DENIED.withDescription("not the caller's tenant").asRuntimeException());
				return;
			}
			ServerCallStreamObserver<StreamedEvent> call = (ServerCallStreamObserver<StreamedEvent>) responses;
			EventSubscriber subscriber = new EventSubscriber(request.getTenantId(), SCOPES.get(),
					request.getTypesList(), call);
			call.setOnCancelHandler(() -> GraphQlBackends.this.subscribers.remove(subscriber));
			GraphQlBackends.this.subscribers.add(subscriber);
		}

	}

	/**
	 * Webhook endpoints as notification's {@code WebhookService} keeps them: an https URL
	 * (else INVALID_ARGUMENT with the pointer /url), ETags checked, the secret in the
	 * create answer only. The scopes are the gateway's to check first; the service's own
	 * check is tested in notification-service.
	 */
	private final class Webhooks extends WebhookServiceGrpc.WebhookServiceImplBase {

		@Override
		public void listWebhookEndpoints(ListWebhookEndpointsRequest request,
				StreamObserver<ListWebhookEndpointsResponse> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			answer(responses,
					ListWebhookEndpointsResponse.newBuilder()
						.addAllEndpoints(GraphQlBackends.this.webhookEndpoints.values()
							.stream()
							.filter((endpoint) -> endpoint.getTenantId().equals(request.getTenantId()))
							.sorted(Comparator.comparing(WebhookEndpoint::getId))
							.toList())
						.build());
		}

		@Override
		public void getWebhookEndpoint(GetWebhookEndpointRequest request, StreamObserver<WebhookEndpoint> responses) {
			WebhookEndpoint endpoint = endpoint(request.getTenantId(), request.getId());
			if (endpoint == null) {
				responses.onError(problem(Code.NOT_FOUND, "not-found", 404, "Webhook endpoint not found."));
				return;
			}
			answer(responses, endpoint);
		}

		@Override
		public void createWebhookEndpoint(CreateWebhookEndpointRequest request,
				StreamObserver<WebhookEndpoint> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			if (!request.getUrl().startsWith("https://")) {
				responses.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
					.setCode(Code.INVALID_ARGUMENT.getNumber())
					.setMessage("The request has 1 invalid field(s).")
					.addDetails(Any.pack(ErrorInfo.newBuilder().setDomain("strata.io").setReason("validation").build()))
					.addDetails(Any.pack(BadRequest.newBuilder()
						.addFieldViolations(
								BadRequest.FieldViolation.newBuilder().setField("/url").setDescription("must be https"))
						.build()))
					.build()));
				return;
			}
			WebhookEndpoint endpoint = WebhookEndpoint.newBuilder()
				.setId("ep_" + UUID.randomUUID())
				.setTenantId(request.getTenantId())
				.setUrl(request.getUrl())
				.setDescription(request.getDescription())
				.addAllEventTypes(request.getEventTypesList())
				.putAllMetadata(request.getMetadataMap())
				.setStatus("enabled")
				.setVersion(1)
				.setCreatedAt(now())
				.setUpdatedAt(now())
				.build();
			GraphQlBackends.this.webhookEndpoints.put(endpoint.getId(), endpoint);
			answer(responses, endpoint.toBuilder().setSecret("whsec_test").build());
		}

		@Override
		public void updateWebhookEndpoint(UpdateWebhookEndpointRequest request,
				StreamObserver<WebhookEndpoint> responses) {
			WebhookEndpoint current = endpoint(request.getTenantId(), request.getId());
			if (current == null) {
				responses.onError(problem(Code.NOT_FOUND, "not-found", 404, "Webhook endpoint not found."));
				return;
			}
			if (!request.getIfMatch().isEmpty() && !request.getIfMatch().equals(Long.toString(current.getVersion()))
					&& !matches(request.getIfMatch(), current.getVersion())) {
				responses.onError(problem(Code.FAILED_PRECONDITION, "precondition-failed", 412, "Stale If-Match."));
				return;
			}
			WebhookEndpoint.Builder updated = current.toBuilder().setVersion(current.getVersion() + 1);
			if (request.hasDescription()) {
				updated.setDescription(request.getDescription());
			}
			if (request.hasEventTypes()) {
				updated.clearEventTypes().addAllEventTypes(request.getEventTypes().getValuesList());
			}
			GraphQlBackends.this.webhookEndpoints.put(current.getId(), updated.build());
			answer(responses, updated.build());
		}

		@Override
		public void deleteWebhookEndpoint(DeleteWebhookEndpointRequest request,
				StreamObserver<DeleteWebhookEndpointResponse> responses) {
			WebhookEndpoint current = endpoint(request.getTenantId(), request.getId());
			if (current == null) {
				responses.onError(problem(Code.NOT_FOUND, "not-found", 404, "Webhook endpoint not found."));
				return;
			}
			GraphQlBackends.this.webhookEndpoints.remove(current.getId());
			answer(responses, DeleteWebhookEndpointResponse.getDefaultInstance());
		}

		private WebhookEndpoint endpoint(String tenant, String id) {
			WebhookEndpoint endpoint = GraphQlBackends.this.webhookEndpoints.get(id);
			return (endpoint != null && callersTenant(tenant) && endpoint.getTenantId().equals(tenant)) ? endpoint
					: null;
		}

	}

	/**
	 * Analytics' {@code MetricsService}: two hourly intervals of the tenant's events (one
	 * resource.created, then none), workflow durations with a null interval, an unknown
	 * metric refused with the pointer /metric.
	 */
	private final class MetricsStandIn extends MetricsServiceGrpc.MetricsServiceImplBase {

		@Override
		public void getMetrics(GetMetricsRequest request, StreamObserver<Metrics> responses) {
			if (refuseForeignTenant(request.getTenantId(), responses)) {
				return;
			}
			Timestamp start = Timestamp.newBuilder().setSeconds(1_767_225_600L).build();
			Timestamp next = Timestamp.newBuilder().setSeconds(1_767_229_200L).build();
			Timestamp end = Timestamp.newBuilder().setSeconds(1_767_232_800L).build();
			Metrics.Builder metrics = Metrics.newBuilder()
				.setInterval("1h")
				.setStartTime(start)
				.setEndTime(end)
				.setTotal(1)
				.addTimestamps(start)
				.addTimestamps(next)
				.addCounts(1)
				.addCounts(0);
			switch (request.getMetric()) {
				case "", "event_count" -> answer(responses, metrics.setMetric("event_count")
					.setGroupBy(request.getGroupBy())
					.addSeries(
							MetricSeries.newBuilder().setKey("resource.created").setTotal(1).addCounts(1).addCounts(0))
					.build());
				case "workflow_duration" -> answer(responses,
						metrics.setMetric("workflow_duration")
							.addSeries(MetricSeries.newBuilder()
								.setKey("p95")
								.setOverall(com.google.protobuf.Value.newBuilder().setNumberValue(1250))
								.addValues(com.google.protobuf.Value.newBuilder().setNumberValue(1250))
								.addValues(com.google.protobuf.Value.newBuilder()
									.setNullValue(com.google.protobuf.NullValue.NULL_VALUE)))
							.build());
				default -> responses.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
					.setCode(Code.INVALID_ARGUMENT.getNumber())
					.setMessage("metric is one of [event_count, workflow_duration, webhook_success_rate].")
					.addDetails(Any.pack(ErrorInfo.newBuilder().setDomain("strata.io").setReason("validation").build()))
					.addDetails(Any.pack(BadRequest.newBuilder()
						.addFieldViolations(BadRequest.FieldViolation.newBuilder()
							.setField("/metric")
							.setDescription("one of [event_count, workflow_duration, webhook_success_rate]"))
						.build()))
					.build()));
			}
		}

	}

	/** Newest first, pages by the last id of the page, as analytics' default order. */
	private final class Search extends SearchServiceGrpc.SearchServiceImplBase {

		@Override
		public void searchResources(SearchResourcesRequest request, StreamObserver<SearchResourcesResponse> responses) {
			if (!callersTenant(request.getTenantId())) {
				responses
					.onError(Status.PERMISSION_DENIED.withDescription("not the caller's tenant").asRuntimeException());
				return;
			}
			if (request.getFilter().contains("(")) {
				responses
					.onError(Status.INVALID_ARGUMENT.withDescription("filter: unexpected '('").asRuntimeException());
				return;
			}
			GraphQlBackends.this.searches.add(request);
			boolean ranked = !request.getMode().isEmpty() && !request.getMode().equals("keyword");
			if (ranked && request.getQ().isBlank()) {
				// analytics' words
				responses.onError(
						Status.INVALID_ARGUMENT.withDescription("A " + request.getMode() + " search needs a query.")
							.asRuntimeException());
				return;
			}
			List<Resource> all = GraphQlBackends.this.resources.values()
				.stream()
				.filter((resource) -> resource.getTenantId().equals(request.getTenantId()))
				.filter((resource) -> request.getFilter().isEmpty()
						|| request.getFilter().equals("type = \"" + resource.getType() + "\""))
				// the text matches a word of a string attribute, whatever the mode
				.filter((resource) -> request.getQ().isBlank() || resource.getAttributes()
					.getFieldsMap()
					.values()
					.stream()
					.anyMatch((value) -> List.of(value.getStringValue().split(" ")).contains(request.getQ())))
				.sorted(Comparator.comparing(Resource::getId))
				.collect(Collectors.toCollection(ArrayList::new));
			if (!request.getPageToken().isEmpty()) {
				all.removeIf((resource) -> resource.getId().compareTo(request.getPageToken()) <= 0);
			}
			int size = (request.getPageSize() != 0) ? request.getPageSize() : 50;
			SearchResourcesResponse.Builder response = SearchResourcesResponse.newBuilder()
				.addAllItems(all.subList(0, Math.min(size, all.size())));
			if (all.size() > size) {
				response.setNextPageToken(all.get(size - 1).getId());
			}
			answer(responses, response.build());
		}

	}

}
