package io.strata.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
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
import io.grpc.stub.StreamObserver;

import io.strata.proto.analytics.v1.SearchResourcesRequest;
import io.strata.proto.analytics.v1.SearchResourcesResponse;
import io.strata.proto.analytics.v1.SearchServiceGrpc;
import io.strata.proto.resource.v1.Resource;

/**
 * Analytics' side of the {@code SearchService} contract for this module's tests (the
 * end-to-end suite trains through the real one): the resources each test put under its
 * tenant, in pages, only for a call carrying a bearer token, and only the type the filter
 * names. A filter other than the type answers INVALID_ARGUMENT when it contains "bad".
 */
public final class AnalyticsDouble {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private static final Map<String, List<Resource>> RESOURCES = new ConcurrentHashMap<>();

	private static final Server SERVER = start();

	private AnalyticsDouble() {
	}

	public static String target() {
		return "127.0.0.1:" + SERVER.getPort();
	}

	/** Puts resources of a type under a tenant. */
	public static void put(String tenant, String type, List<Map<String, Object>> attributes) {
		List<Resource> resources = RESOURCES.computeIfAbsent(tenant, (key) -> new CopyOnWriteArrayList<>());
		for (Map<String, Object> row : attributes) {
			Struct.Builder struct = Struct.newBuilder();
			row.forEach((name, value) -> struct.putFields(name, value(value)));
			resources.add(Resource.newBuilder()
				.setId("res_" + resources.size())
				.setTenantId(tenant)
				.setType(type)
				.setAttributes(struct)
				.build());
		}
	}

	private static Value value(Object value) {
		if (value instanceof Number number) {
			return Value.newBuilder().setNumberValue(number.doubleValue()).build();
		}
		if (value instanceof Boolean bool) {
			return Value.newBuilder().setBoolValue(bool).build();
		}
		return Value.newBuilder().setStringValue(String.valueOf(value)).build();
	}

	private static Server start() {
		ServerInterceptor needsToken = new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				String authorization = headers.get(AUTHORIZATION);
				if (authorization == null || !authorization.startsWith("Bearer ")) {
					call.close(Status.UNAUTHENTICATED, new Metadata());
					return new ServerCall.Listener<>() {
					};
				}
				return Contexts.interceptCall(io.grpc.Context.current(), call, headers, next);
			}
		};
		try {
			return Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
				.addService(ServerInterceptors.intercept(new Search(), needsToken))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static final class Search extends SearchServiceGrpc.SearchServiceImplBase {

		@Override
		public void searchResources(SearchResourcesRequest request, StreamObserver<SearchResourcesResponse> responses) {
			if (request.getFilter().contains("bad")) {
				responses.onError(Status.INVALID_ARGUMENT.withDescription("unknown field bad in the filter")
					.asRuntimeException());
				return;
			}
			String type = request.getFilter().replaceFirst("^type = \"([^\"]*)\".*$", "$1");
			List<Resource> matching = RESOURCES.getOrDefault(request.getTenantId(), List.of())
				.stream()
				.filter((resource) -> resource.getType().equals(type))
				.toList();
			int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
			int to = Math.min(matching.size(), from + request.getPageSize());
			SearchResourcesResponse.Builder response = SearchResourcesResponse.newBuilder()
				.addAllItems(matching.subList(from, to));
			if (to < matching.size()) {
				response.setNextPageToken(String.valueOf(to));
			}
			responses.onNext(response.build());
			responses.onCompleted();
		}

	}

}
