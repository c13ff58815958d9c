package io.strata.platform.mtls;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.ResolveApiKeyResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerFactoryAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A real gRPC server started the way a service starts, with {@code strata.mtls.*} set and
 * certificates from {@link LocalCa}: it answers only listed callers holding a certificate
 * from the trust bundle, and clients connect through {@link MtlsChannels}.
 */
class MtlsIntegrationTests {

	static final String SERVER = "identity-service";

	static final String ALLOWED = "gateway-service";

	@TempDir
	static Path tls;

	@TempDir
	static Path otherTls;

	static LocalCa ca;

	static ConfigurableApplicationContext server;

	static int port;

	ManagedChannel channel;

	@BeforeAll
	static void startServer() throws Exception {
		ca = LocalCa.open(tls);
		LocalCa.Issued own = ca.issue("local", SERVER);
		server = new SpringApplicationBuilder(TestServer.class).web(WebApplicationType.NONE)
			.run("--spring.grpc.server.enabled=true", "--spring.grpc.server.port=0", "--strata.mtls.enabled=true",
					"--strata.mtls.certificate=" + own.certificate(), "--strata.mtls.private-key=" + own.privateKey(),
					"--strata.mtls.trust-bundle=" + ca.trustBundle(),
					"--strata.mtls.spiffe-id=" + SpiffeIds.of("local", SERVER),
					"--strata.mtls.allowed-callers=" + SpiffeIds.of("local", ALLOWED));
		port = server.getBean(GrpcServerLifecycle.class).getPort();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void closeChannel() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void anAllowedCallerIsAnswered() throws Exception {
		this.channel = channelAs(ca, ALLOWED);
		assertThat(resolve().getTenantId()).isEqualTo("answered");
	}

	@Test
	void aCallerWithAValidCertificateButAnotherSpiffeIdIsRefused() throws Exception {
		this.channel = channelAs(ca, "analytics-service");
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(this::resolve)
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void anyCallerTheHandshakeAdmitsMayCheckHealth() throws Exception {
		this.channel = channelAs(ca, "analytics-service");
		assertThat(HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus()).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void aCallerWithoutAClientCertificateFailsTheHandshake() throws Exception {
		this.channel = Grpc
			.newChannelBuilder("localhost:" + port,
					TlsChannelCredentials.newBuilder().trustManager(ca.trustBundle().toFile()).build())
			.build();
		expectUnavailable();
	}

	@Test
	void aCallerWithACertificateFromAnotherCaFailsTheHandshake() throws Exception {
		this.channel = channelWith(LocalCa.open(otherTls).issue("local", ALLOWED), ALLOWED);
		expectUnavailable();
	}

	@Test
	void aPlaintextCallerIsRefused() {
		this.channel = new MtlsChannels(new MtlsProperties(false, null, null, null, null, List.of(), List.of()))
			.forTarget("localhost:" + port);
		expectUnavailable();
	}

	private void expectUnavailable() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(this::resolve)
			.extracting(StatusRuntimeException::getStatus)
			.extracting(Status::getCode)
			.isEqualTo(Status.Code.UNAVAILABLE);
	}

	private ResolveApiKeyResponse resolve() {
		return IdentityServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.resolveApiKey(ResolveApiKeyRequest.getDefaultInstance());
	}

	private static ManagedChannel channelAs(LocalCa ca, String service) throws Exception {
		return channelWith(ca.issue("local", service), service);
	}

	/**
	 * A client that trusts the server's CA and presents {@code issued}, whoever issued
	 * it.
	 */
	private static ManagedChannel channelWith(LocalCa.Issued issued, String service) {
		return new MtlsChannels(new MtlsProperties(true, issued.certificate(), issued.privateKey(), ca.trustBundle(),
				SpiffeIds.of("local", service), List.of(), List.of()))
			.forTarget("localhost:" + port);
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ SslAutoConfiguration.class, GrpcServerAutoConfiguration.class,
			GrpcServerFactoryAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class,
			MtlsAutoConfiguration.class })
	static class TestServer {

		@Bean
		IdentityServiceGrpc.IdentityServiceImplBase identity() {
			return new IdentityServiceGrpc.IdentityServiceImplBase() {
				@Override
				public void resolveApiKey(ResolveApiKeyRequest request,
						StreamObserver<ResolveApiKeyResponse> response) {
					response.onNext(ResolveApiKeyResponse.newBuilder().setTenantId("answered").build());
					response.onCompleted();
				}
			};
		}

	}

}
