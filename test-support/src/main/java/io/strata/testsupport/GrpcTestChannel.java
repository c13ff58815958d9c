package io.strata.testsupport;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;

/**
 * A plaintext channel to the gRPC server a test's application context started (its port
 * from Spring gRPC's {@code GrpcServerLifecycle}), and the bearer token a caller sends
 * with each call, as services send them to each other. Open it before each test and close
 * it after: {@code GrpcTestChannel.to(grpcServer.getPort())}.
 */
public final class GrpcTestChannel implements AutoCloseable {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final ManagedChannel channel;

	private GrpcTestChannel(ManagedChannel channel) {
		this.channel = channel;
	}

	/** A channel to the server on this port of the loopback address. */
	public static GrpcTestChannel to(int port) {
		return new GrpcTestChannel(ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build());
	}

	/**
	 * The channel, for a generated stub: {@code FooGrpc.newBlockingStub(grpc.channel())}.
	 */
	public ManagedChannel channel() {
		return this.channel;
	}

	/**
	 * Credentials that send {@code Authorization: Bearer <token>} with every call:
	 * {@code stub.withCallCredentials(GrpcTestChannel.bearer(token))}.
	 */
	public static CallCredentials bearer(String token) {
		return new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
				Metadata headers = new Metadata();
				headers.put(AUTHORIZATION, "Bearer " + token);
				applier.apply(headers);
			}
		};
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
