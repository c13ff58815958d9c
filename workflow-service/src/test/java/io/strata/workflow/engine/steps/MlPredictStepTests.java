package io.strata.workflow.engine.steps;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.mtls.MtlsChannels;
import io.strata.platform.mtls.MtlsProperties;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.proto.ml.v1.PredictResponse;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ml.predict} over real gRPC against ml's side of the {@code InferenceService}
 * contract (ml-service's own tests cover its answers): what the step sends for the run's
 * tenant, and how answers and failures become the step's result.
 */
class MlPredictStepTests {

	private final List<PredictRequest> received = new CopyOnWriteArrayList<>();

	private Server server;

	private MlPredictStep step;

	@BeforeEach
	void start() throws IOException {
		this.server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
			.addService(new InferenceServiceGrpc.InferenceServiceImplBase() {
				@Override
				public void predict(PredictRequest request, StreamObserver<PredictResponse> responses) {
					MlPredictStepTests.this.received.add(request);
					switch (request.getModel()) {
						case "triage" -> {
							responses.onNext(PredictResponse.newBuilder()
								.setModel("triage")
								.setModelVersion(3)
								.setLabel("high")
								.setScore(0.8)
								.putProbabilities("high", 0.8)
								.putProbabilities("low", 0.2)
								.build());
							responses.onCompleted();
						}
						case "price" -> {
							responses.onNext(PredictResponse.newBuilder()
								.setModel("price")
								.setModelVersion(1)
								.setScore(412.5)
								.build());
							responses.onCompleted();
						}
						case "down" -> responses.onError(Status.UNAVAILABLE.asRuntimeException());
						default -> responses
							.onError(Status.NOT_FOUND.withDescription("Model " + request.getModel() + " does not exist")
								.asRuntimeException());
					}
				}
			})
			.build()
			.start();
		this.step = new MlPredictStep(
				new MtlsChannels(new MtlsProperties(false, null, null, null, null, List.of(), List.of())),
				JsonMapper.builder().build(), "127.0.0.1:" + this.server.getPort());
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.step.destroy();
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void scoresTheFeaturesWithTheRunsTenantsModel() {
		StepResult result = this.step.execute(call(Map.of("model", "triage", "alias", "production", "features",
				Map.of("channel", "email", "length", 420, "vip", true))));
		assertThat(result).isEqualTo(StepResult.completed(Map.of("model", "triage", "version", 3, "label", "high",
				"score", 0.8, "probabilities", Map.of("high", 0.8, "low", 0.2))));
		PredictRequest sent = this.received.getFirst();
		assertThat(sent.getTenantId()).isEqualTo("tenant-1");
		assertThat(sent.getAlias()).isEqualTo("production");
		assertThat(sent.getModelVersion()).isZero();
		assertThat(sent.getFeatures().getFieldsOrThrow("length").getNumberValue()).isEqualTo(420);
		assertThat(sent.getFeatures().getFieldsOrThrow("vip").getBoolValue()).isTrue();
		assertThat(sent.getFeatures().getFieldsOrThrow("channel").getStringValue()).isEqualTo("email");
	}

	@Test
	void aRegressionAnswersAValue() {
		StepResult result = this.step
			.execute(call(Map.of("model", "price", "version", 1, "features", Map.of("size", 100))));
		assertThat(result).isEqualTo(StepResult.completed(Map.of("model", "price", "version", 1, "value", 412.5)));
		assertThat(this.received.getFirst().getModelVersion()).isEqualTo(1);
	}

	@Test
	void aMissingModelFailsForGoodAndAnUnreachableMlIsRetried() {
		assertThat(this.step.execute(call(Map.of("model", "nothing", "features", Map.of()))))
			.isEqualTo(StepResult.failed("ml.invalid", "ml.predict: Model nothing does not exist", false));
		assertThat(this.step.execute(call(Map.of("model", "down", "features", Map.of()))))
			.isInstanceOfSatisfying(StepResult.Failed.class, (failed) -> {
				assertThat(failed.code()).isEqualTo("ml.unavailable");
				assertThat(failed.retryable()).isTrue();
			});
		assertThat(this.step.execute(call(Map.of("model", "triage", "features", "not an object"))))
			.isInstanceOfSatisfying(StepResult.Failed.class,
					(failed) -> assertThat(failed.code()).isEqualTo("invalid_input"));
		assertThat(this.step.check(definition(Map.of("model", "triage")))).isNotEmpty();
		assertThat(this.step.check(definition(Map.of("model", "triage", "features", "attributes")))).isEmpty();
	}

	private static StepCall call(Map<String, Object> input) {
		return new StepCall("run-1", "tenant-1", "res-1", definition(input), input, 1, "key-1", Duration.ofSeconds(5),
				Map.of(), Instant.now(), (name) -> Optional.empty());
	}

	private static StepDefinition definition(Map<String, Object> input) {
		return new StepDefinition("score", "ml.predict", input, null, Duration.ofSeconds(5), null, null, null);
	}

}
