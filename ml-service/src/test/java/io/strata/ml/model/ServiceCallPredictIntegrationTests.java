package io.strata.ml.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Struct;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import io.strata.platform.mtls.LocalCa;
import io.strata.platform.mtls.MtlsChannels;
import io.strata.platform.mtls.MtlsProperties;
import io.strata.platform.mtls.SpiffeIds;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.proto.ml.v1.PredictResponse;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Predict without a user's token, as workflow's {@code ml.predict} step calls it: ml with
 * mutual TLS on answers an allowed service that the handshake verified, for the tenant
 * the request names, and refuses a service it does not list. (Plaintext without a token
 * is refused: {@code EmbeddingGrpcIntegrationTests}.)
 */
@SpringBootTest(properties = { "strata.mtls.enabled=true",
		"strata.mtls.certificate=" + ServiceCallPredictIntegrationTests.TLS + "/ml-service.crt",
		"strata.mtls.private-key=" + ServiceCallPredictIntegrationTests.TLS + "/ml-service.key",
		"strata.mtls.trust-bundle=" + ServiceCallPredictIntegrationTests.TLS + "/ca.crt",
		"strata.mtls.spiffe-id=spiffe://strata.local/ns/local/sa/ml-service",
		"strata.mtls.allowed-callers=spiffe://strata.local/ns/local/sa/workflow-service" })
@StrataServers({ Server.REDIS, Server.S3, Server.KAFKA })
class ServiceCallPredictIntegrationTests {

	private static final TestTokens tokens = TestTokens.start();

	/**
	 * Where the test's CA and ml's certificate are made, before the context starts: mTLS
	 * is set up while the environment is prepared, before dynamic properties exist.
	 */
	static final String TLS = "target/ml-mtls";

	private static final LocalCa ca = ca();

	@Autowired
	ModelRegistry registry;

	@Autowired
	GrpcServerLifecycle grpcServer;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
		registry.add("spring.kafka.consumer.group-id", () -> "ml-service-test-" + UUID.randomUUID());
	}

	@Test
	void anAllowedServicePredictsForTheTenantItNamesAndAnotherServiceIsRefused() throws Exception {
		String tenant = "tenant-" + UUID.randomUUID().toString().substring(0, 8);
		XgboostTraining.Spec spec = new XgboostTraining.Spec(ModelTask.CLASSIFICATION, Algorithm.GRADIENT_BOOSTED_TREES,
				List.of("amount", "country"), "fraud");
		XgboostTraining.Trained trained = XgboostTraining.train(spec, Synthetic.separable(200, new Random(3)));
		Manifest training = Manifest.training("fraud", 1, ModelTask.CLASSIFICATION, Algorithm.GRADIENT_BOOSTED_TREES,
				new Manifest.Source("txn", spec.features(), spec.target(), null), java.util.Map.of());
		this.registry.saveArtifact(tenant, "fraud", 1, trained.artifact());
		this.registry.save(tenant, training.ready(trained));
		PredictRequest request = PredictRequest.newBuilder()
			.setTenantId(tenant)
			.setModel("fraud")
			.setFeatures(Struct.newBuilder()
				.putFields("amount", com.google.protobuf.Value.newBuilder().setNumberValue(950).build())
				.putFields("country", com.google.protobuf.Value.newBuilder().setStringValue("de").build()))
			.build();

		ManagedChannel workflow = channelAs("workflow-service");
		try {
			PredictResponse response = InferenceServiceGrpc.newBlockingStub(workflow)
				.withDeadlineAfter(60, TimeUnit.SECONDS)
				.predict(request);
			assertThat(response.getLabel()).isEqualTo("true");
			assertThat(response.getModelVersion()).isEqualTo(1);
		}
		finally {
			workflow.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		ManagedChannel other = channelAs("notification-service");
		try {
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> InferenceServiceGrpc.newBlockingStub(other)
					.withDeadlineAfter(60, TimeUnit.SECONDS)
					.predict(request))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		}
		finally {
			other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private ManagedChannel channelAs(String service) throws Exception {
		LocalCa.Issued issued = ca.issue("local", service);
		return new MtlsChannels(new MtlsProperties(true, issued.certificate(), issued.privateKey(), ca.trustBundle(),
				SpiffeIds.of("local", service), List.of(), List.of()))
			.forTarget("localhost:" + this.grpcServer.getPort());
	}

	private static LocalCa ca() {
		try {
			LocalCa ca = LocalCa.open(Files.createDirectories(Path.of(TLS)));
			ca.issue("local", "ml-service");
			return ca;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
