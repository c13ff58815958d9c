package io.strata.workflow.engine.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.proto.Structs;
import io.strata.platform.mtls.MtlsChannels;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.proto.ml.v1.PredictResponse;
import io.strata.workflow.engine.model.StepCall;
import io.strata.workflow.engine.model.StepDefinition;
import io.strata.workflow.engine.model.StepResult;
import io.strata.workflow.engine.model.StepType;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code ml.predict}: scores {@code input.features} (an object, usually of the resource's
 * attributes) with the run's tenant's model {@code input.model}, by {@code input.alias}
 * or {@code input.version} (else its latest ready version), through ml-service's
 * {@code InferenceService.Predict}. The output ({@code label}, {@code score},
 * {@code probabilities}, or {@code value}; {@code model}, {@code version}) is what a
 * later {@code resource.set} step writes into an attribute. A missing model or features
 * that do not fit it fail the step for good ({@code ml.invalid}); ml unreachable or slow
 * is retryable ({@code ml.unavailable}). The run has no user's token: the call is the
 * workflow service's own, which ml admits over mutual TLS only.
 */
@Component
class MlPredictStep implements StepType, DisposableBean {

	private final ManagedChannel channel;

	private final JsonMapper json;

	MlPredictStep(MtlsChannels channels, JsonMapper json, @Value("${strata.workflow.ml-grpc}") String target) {
		this.channel = channels.forTarget(target);
		this.json = json;
	}

	@Override
	public String name() {
		return "ml.predict";
	}

	@Override
	public List<String> check(StepDefinition step) {
		return (step.input().containsKey("model") && step.input().containsKey("features")) ? List.of()
				: List.of("ml.predict needs input.model and input.features");
	}

	@Override
	public StepResult execute(StepCall call) {
		if (!(call.input().get("model") instanceof String model) || model.isBlank()
				|| !(call.input().get("features") instanceof Map<?, ?> features)) {
			return StepResult.failed("invalid_input", "ml.predict needs a string model and an object of features",
					false);
		}
		PredictRequest.Builder request = PredictRequest.newBuilder()
			.setTenantId(call.tenantId())
			.setModel(model)
			.setFeatures(Structs.ofTree(this.json.valueToTree(features)));
		if (call.input().get("alias") instanceof String alias) {
			request.setAlias(alias);
		}
		if (call.input().get("version") instanceof Number version) {
			request.setModelVersion(version.intValue());
		}
		PredictResponse response;
		try {
			response = InferenceServiceGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(call.timeout().toMillis(), TimeUnit.MILLISECONDS)
				.predict(request.build());
		}
		catch (StatusRuntimeException ex) {
			return switch (ex.getStatus().getCode()) {
				case NOT_FOUND, INVALID_ARGUMENT, FAILED_PRECONDITION, PERMISSION_DENIED, UNAUTHENTICATED ->
					StepResult.failed("ml.invalid", "ml.predict: " + ex.getStatus().getDescription(), false);
				default -> StepResult.failed("ml.unavailable", "ml.predict: " + ex.getStatus(), true);
			};
		}
		Map<String, Object> output = new LinkedHashMap<>();
		output.put("model", response.getModel());
		output.put("version", response.getModelVersion());
		if (response.getLabel().isEmpty()) {
			output.put("value", response.getScore());
		}
		else {
			output.put("label", response.getLabel());
			output.put("score", response.getScore());
			output.put("probabilities", new LinkedHashMap<>(response.getProbabilitiesMap()));
		}
		return StepResult.completed(output);
	}

	@Override
	public void destroy() {
		this.channel.shutdownNow();
	}

}
