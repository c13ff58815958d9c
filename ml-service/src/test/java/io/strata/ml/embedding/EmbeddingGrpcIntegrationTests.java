package io.strata.ml.embedding;

import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.EmbedRequest;
import io.strata.proto.ml.v1.EmbedResponse;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/** {@code InferenceService.Embed} over real gRPC, as analytics calls it. */
class EmbeddingGrpcIntegrationTests extends MlIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void embedsForAServiceWithoutAUserToken() {
		EmbedResponse response = InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
			.embed(request(newTenant(), "my car will not start", "automobile engine failure", "chocolate cake recipe"));
		assertThat(response.getModel()).isEqualTo("all-minilm-l6-v2-q");
		assertThat(response.getModelVersion()).isEqualTo("1.19.0-beta29");
		assertThat(response.getDimensions()).isEqualTo(384);
		assertThat(response.getEmbeddingsList()).hasSize(3)
			.allSatisfy((embedding) -> assertThat(embedding.getValuesCount()).isEqualTo(384));
		List<Float> car = response.getEmbeddings(0).getValuesList();
		assertThat(dot(car, car)).isCloseTo(1.0, within(1e-4));
		assertThat(dot(car, response.getEmbeddings(1).getValuesList()))
			.isGreaterThan(dot(car, response.getEmbeddings(2).getValuesList()));
	}

	@Test
	void holdsACallWithATokenToItsTenantAndScopes() {
		String tenant = newTenant();
		assertThat(stub(tokens.token(tenant, RouteScopes.ML_READ)).embed(request(tenant, "hello")).getEmbeddingsCount())
			.isEqualTo(1);
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub(tokens.token(newTenant(), RouteScopes.ML_READ)).embed(request(tenant, "hello")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub(tokens.token(tenant, RouteScopes.RESOURCES_READ)).embed(request(tenant, "hello")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub(tokens.forgedToken(tenant)).embed(request(tenant, "hello")))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	@Test
	void refusesBadInputAsInvalidArgument() {
		InferenceServiceGrpc.InferenceServiceBlockingStub stub = InferenceServiceGrpc
			.newBlockingStub(this.grpc.channel());
		assertInvalid(() -> stub.embed(request(newTenant())), "at least one text");
		assertInvalid(() -> stub.embed(request(newTenant(), "fine", "")), "/input/1 must not be blank");
		assertInvalid(() -> stub.embed(request(newTenant(), "nul \0 inside")), "NUL");
		assertInvalid(() -> stub.embed(request(newTenant(), "x".repeat(EmbeddingTexts.MAX_CHARACTERS + 1))),
				"at most 8192 characters");
		assertInvalid(() -> stub.embed(request(newTenant(), new String[EmbeddingTexts.MAX_INPUTS + 1])),
				"At most 256 texts");
		assertInvalid(() -> stub.embed(request("", "hello")), "tenant_id");
	}

	@Test
	void predictNeedsAToken() {
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
				.predict(PredictRequest.newBuilder().setTenantId(newTenant()).setModel("m").build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	private static void assertInvalid(Runnable call, String description) {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run).satisfies((ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
			assertThat(ex.getStatus().getDescription()).contains(description);
		});
	}

	private static EmbedRequest request(String tenant, String... texts) {
		EmbedRequest.Builder request = EmbedRequest.newBuilder().setTenantId(tenant);
		for (String text : texts) {
			request.addTexts((text != null) ? text : "text");
		}
		return request.build();
	}

	private InferenceServiceGrpc.InferenceServiceBlockingStub stub(String token) {
		return InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
			.withCallCredentials(GrpcTestChannel.bearer(token));
	}

	private static double dot(List<Float> a, List<Float> b) {
		double sum = 0;
		for (int i = 0; i < a.size(); i++) {
			sum += a.get(i) * b.get(i);
		}
		return sum;
	}

}
