package io.strata.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;

/**
 * Real gRPC servers on loopback implementing identity's and workflow's generated service
 * bases, with the answers tests put in: the gateway calls them exactly as it calls the
 * real services.
 */
public final class GrpcStandIns {

	public final Map<String, ResolveApiKeyResponse> apiKeys = new ConcurrentHashMap<>();

	public final AtomicInteger resolveCalls = new AtomicInteger();

	public final Map<String, ResourceType> resourceTypes = new ConcurrentHashMap<>();

	public final AtomicInteger resourceTypeCalls = new AtomicInteger();

	private final Server server;

	private GrpcStandIns() {
		try {
			this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
				.addService(new Identity())
				.addService(new Resources())
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
			ResolveApiKeyResponse key = GrpcStandIns.this.apiKeys.get(request.getApiKey());
			if (key == null) {
				response.onError(Status.NOT_FOUND.withDescription("no such key").asRuntimeException());
				return;
			}
			response.onNext(key);
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
