package io.strata.ml.inference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import io.strata.ml.embedding.EmbeddingTexts;
import io.strata.ml.model.PredictingWithModels;
import io.strata.ml.model.StructValues;
import io.strata.platform.problem.GrpcProblems;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.EmbedRequest;
import io.strata.proto.ml.v1.EmbedResponse;
import io.strata.proto.ml.v1.Embedding;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.proto.ml.v1.PredictResponse;

import org.springframework.stereotype.Service;

/**
 * {@code InferenceService}: Predict with a tenant's model, as its REST twin does (a token
 * of the request's tenant with ml.read or ml.write, or a service over mutual TLS: see
 * {@link #predict}), and Embed.
 * <p>
 * Embed: Analytics embeds resources while it indexes events, where no user's token
 * exists, so the method needs no token (application.yml lists it among the public gRPC
 * methods, as identity does for API-key resolution): it reads and stores nothing of any
 * tenant, its answer is a function of the texts sent, and under mTLS only the services in
 * {@code strata.mtls.allowed-callers} reach it. A call that does carry a user's token is
 * held to it as everywhere: the request's tenant must be the token's, and the token needs
 * a scope the scope table names for Embed.
 */
@Service
class InferenceGrpcService extends InferenceServiceGrpc.InferenceServiceImplBase {

	private static final String METHOD = InferenceServiceGrpc.getEmbedMethod().getFullMethodName();

	private static final String PREDICT = InferenceServiceGrpc.getPredictMethod().getFullMethodName();

	private final EmbeddingTexts embedding;

	private final PredictingWithModels predicting;

	InferenceGrpcService(EmbeddingTexts embedding, PredictingWithModels predicting) {
		this.embedding = embedding;
		this.predicting = predicting;
	}

	@Override
	public void predict(PredictRequest request, StreamObserver<PredictResponse> responses) {
		Status refused = predictRefusal(request.getTenantId());
		if (refused != null) {
			responses.onError(refused.asRuntimeException());
			return;
		}
		PredictingWithModels.Result result;
		try {
			Map<String, Object> instance = StructValues.of(request.getFeatures());
			result = this.predicting.predict(request.getTenantId(),
					new PredictingWithModels.Predict(request.getModel(),
							(request.getModelVersion() != 0) ? request.getModelVersion() : null,
							request.getAlias().isEmpty() ? null : request.getAlias(), List.of(instance)));
		}
		catch (ProblemException ex) {
			responses.onError(GrpcProblems.of(ex));
			return;
		}
		PredictingWithModels.Prediction prediction = result.predictions().getFirst();
		PredictResponse.Builder response = PredictResponse.newBuilder()
			.setModel(result.name())
			.setModelVersion(result.version());
		if (prediction.label() != null) {
			response.setLabel(prediction.label())
				.setScore(prediction.probabilities().get(prediction.label()))
				.putAllProbabilities(prediction.probabilities());
		}
		else {
			response.setScore(prediction.value());
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	@Override
	public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
		Status refused = refusal(METHOD, request.getTenantId());
		if (refused != null) {
			responses.onError(refused.asRuntimeException());
			return;
		}
		EmbeddingTexts.Embeddings embeddings;
		try {
			embeddings = this.embedding.embed(request.getTextsList());
		}
		catch (ProblemException ex) {
			Status status = (ex.status().is4xxClientError()) ? Status.INVALID_ARGUMENT : Status.INTERNAL;
			responses.onError(status.withDescription(ex.getMessage()).asRuntimeException());
			return;
		}
		EmbedResponse.Builder response = EmbedResponse.newBuilder()
			.setModel(embeddings.model().name())
			.setModelVersion(embeddings.model().version())
			.setDimensions(embeddings.model().dimensions());
		for (float[] vector : embeddings.vectors()) {
			Embedding.Builder values = Embedding.newBuilder();
			for (float value : vector) {
				values.addValues(value);
			}
			response.addEmbeddings(values);
		}
		responses.onNext(response.build());
		responses.onCompleted();
	}

	/**
	 * A caller with a token is held to its tenant and scopes, as on the REST twin. A call
	 * without one is a service's (workflow's {@code ml.predict} step scores a run's
	 * resource, where no user's token exists): admitted only over mutual TLS from a
	 * verified, allowed service, which names the run's tenant. Plaintext without a token
	 * is refused.
	 */
	private static Status predictRefusal(String tenantId) {
		if (Caller.authenticated().isEmpty() && !tenantId.isEmpty() && !ServicePeers.verified()) {
			return Status.UNAUTHENTICATED.withDescription("Predict needs a token, or a service's mutual TLS");
		}
		return refusal(PREDICT, tenantId);
	}

	private static Status refusal(String method, String tenantId) {
		if (tenantId.isEmpty()) {
			return Status.INVALID_ARGUMENT.withDescription("tenant_id is required");
		}
		Optional<Caller> caller = Caller.authenticated();
		if (caller.isEmpty()) {
			return null;
		}
		Set<String> required = RouteScopes.grpcMethod(method).orElseThrow();
		if (!caller.get().holdsOneOf(required)) {
			return Status.PERMISSION_DENIED.withDescription(RouteScopes.missingScopeDetail(required));
		}
		if (!caller.get().owns(tenantId)) {
			return Status.PERMISSION_DENIED.withDescription("not the caller's tenant");
		}
		return null;
	}

}
