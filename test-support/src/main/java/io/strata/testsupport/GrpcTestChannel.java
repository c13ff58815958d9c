package io.strata.testsupport;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A plaintext channel to the gRPC server a test's application context started, and the
 * bearer token a caller sends with each call, as services send them to each other. The
 * one gRPC client set-up of the tests: register it as an extension and it opens a channel
 * before each test and closes it after,
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();
 * …
 * FooGrpc.newBlockingStub(this.grpc.channel()).withCallCredentials(GrpcTestChannel.bearer(token))
 * </pre>
 *
 * or open one by port and close it yourself: {@code GrpcTestChannel.to(port)}.
 */
public final class GrpcTestChannel implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

	private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private ManagedChannel channel;

	private GrpcTestChannel(ManagedChannel channel) {
		this.channel = channel;
	}

	/** A channel to the server on this port of the loopback address. */
	public static GrpcTestChannel to(int port) {
		return new GrpcTestChannel(open(port));
	}

	/**
	 * An extension that connects, for each test, to the gRPC server of the test's Spring
	 * application context ({@code GrpcServerLifecycle}'s port).
	 */
	public static GrpcTestChannel toTestServer() {
		return new GrpcTestChannel(null);
	}

	/**
	 * The channel, for a generated stub: {@code FooGrpc.newBlockingStub(grpc.channel())}.
	 */
	public ManagedChannel channel() {
		if (this.channel == null) {
			throw new IllegalStateException("Not connected: register the channel with @RegisterExtension");
		}
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
	public void beforeEach(ExtensionContext context) {
		this.channel = open(
				SpringExtension.getApplicationContext(context).getBean(GrpcServerLifecycle.class).getPort());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		close();
	}

	@Override
	public void close() {
		if (this.channel == null) {
			return;
		}
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.channel = null;
	}

	private static ManagedChannel open(int port) {
		return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
	}

}
