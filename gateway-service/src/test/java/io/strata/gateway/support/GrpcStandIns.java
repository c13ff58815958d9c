package io.strata.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.proto.identity.v1.GetTenantStatusRequest;
import io.strata.proto.identity.v1.GetTenantStatusResponse;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.identity.v1.TenantStatus;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;

/**
 * Real gRPC servers on loopback implementing identity's and workflow's generated service
 * bases, with the answers tests put in: the gateway calls them exactly as it calls the
 * real services.
 */
public final class GrpcStandIns {

	/** API keys with this prefix find identity unavailable. */
	public static final String UNAVAILABLE_KEY_PREFIX = "sk_unavailable_";

	public final Map<String, ResolveApiKeyResponse> apiKeys = new ConcurrentHashMap<>();

	public final AtomicInteger resolveCalls = new AtomicInteger();

	/** Tenants identity reports other than active (every other tenant is active). */
	public final Map<String, TenantStatus> tenantStatuses = new ConcurrentHashMap<>();

	public final Map<String, ResourceType> resourceTypes = new ConcurrentHashMap<>();

	public final AtomicInteger resourceTypeCalls = new AtomicInteger();

	/**
	 * The {@code authorization} metadata of the last call, as the real services would
	 * check it.
	 */
	public final AtomicReference<String> lastAuthorization = new AtomicReference<>();

	private final Server server;

	private GrpcStandIns() {
		try {
			this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
				.addService(ServerInterceptors.intercept(new Identity(), recordAuthorization()))
				.addService(ServerInterceptors.intercept(new Resources(), recordAuthorization()))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ServerInterceptor recordAuthorization() {
		return new ServerInterceptor() {

			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				GrpcStandIns.this.lastAuthorization
					.set(headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
				return next.startCall(call, headers);
			}

		};
	}

	public static GrpcStandIns start() {
		return new GrpcStandIns();
	}

	public String target() {
		return "127.0.0.1:" + this.server.getPort();
	}

	public static String typeKey(String tenant, String name) {
		return tenant + "/" + name;
	}

	public void stop() {
		this.server.shutdownNow();
	}

	private final class Identity extends IdentityServiceGrpc.IdentityServiceImplBase {

		@Override
		public void resolveApiKey(ResolveApiKeyRequest request, StreamObserver<ResolveApiKeyResponse> response) {
			GrpcStandIns.this.resolveCalls.incrementAndGet();
			if (request.getApiKey().startsWith(UNAVAILABLE_KEY_PREFIX)) {
				response.onError(Status.UNAVAILABLE.withDescription("identity is down").asRuntimeException());
				return;
			}
			ResolveApiKeyResponse key = GrpcStandIns.this.apiKeys.get(request.getApiKey());
			if (key == null) {
				response.onError(Status.NOT_FOUND.withDescription("no such key").asRuntimeException());
				return;
			}
			response.onNext(key);
			response.onCompleted();
		}

		@Override
		public void getTenantStatus(GetTenantStatusRequest request, StreamObserver<GetTenantStatusResponse> response) {
			response.onNext(GetTenantStatusResponse.newBuilder()
				.setTenantId(request.getTenantId())
				.setStatus(GrpcStandIns.this.tenantStatuses.getOrDefault(request.getTenantId(),
						TenantStatus.TENANT_STATUS_ACTIVE))
				.build());
			response.onCompleted();
		}

	}

	private final class Resources extends ResourceServiceGrpc.ResourceServiceImplBase {

		@Override
		public void getResourceType(GetResourceTypeRequest request, StreamObserver<ResourceType> response) {
			GrpcStandIns.this.resourceTypeCalls.incrementAndGet();
			ResourceType type = GrpcStandIns.this.resourceTypes.get(typeKey(request.getTenantId(), request.getName()));
			if (type == null) {
				response.onError(Status.NOT_FOUND.withDescription("no such type").asRuntimeException());
				return;
			}
			response.onNext(type);
			response.onCompleted();
		}

	}

}
