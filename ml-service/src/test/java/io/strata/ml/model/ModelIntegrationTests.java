package io.strata.ml.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.protobuf.Struct;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.strata.ml.AnalyticsDouble;
import io.strata.ml.MlIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.ModelTrained;
import io.strata.proto.ml.v1.ModelTrainingFailed;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.proto.ml.v1.PredictResponse;
import io.strata.testsupport.GrpcTestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Training → version in S3 → alias → prediction on real Redis and S3 (S3Mock), with the
 * rows served through analytics' search contract; tenant isolation of models and their
 * keys; bad input as 400 problems; gRPC Predict.
 */
class ModelIntegrationTests extends MlIntegrationTest {

	@Autowired
	S3Client s3;

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Value("${strata.s3.bucket-prefix:}${strata.s3.bucket}")
	String bucket;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Autowired
	EventTopics topics;

	@Test
	void aSeparableSetTrainsAVersionThatPredictsThroughItsAlias() {
		String tenant = newTenant();
		AnalyticsDouble.put(tenant, "txn", Synthetic.separable(300, new Random(7)));
		Map<String, Object> accepted = train(tenant,
				"{\"name\": \"fraud\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
						+ "\"features\": [\"amount\", \"country\", \"verified\"], \"target\": \"fraud\"}}");
		assertThat(accepted).containsEntry("version", 1).containsEntry("state", "training");

		Map<String, Object> ready = awaitFinished(tenant, "fraud", 1);
		assertThat(ready).containsEntry("state", "ready")
			.containsEntry("training_rows", 240)
			.containsEntry("holdout_rows", 60)
			.containsEntry("algorithm", "gradient_boosted_trees")
			.containsEntry("labels", List.of("false", "true"))
			.containsEntry("library", Map.of("xgboost4j", "3.4.0"));
		@SuppressWarnings("unchecked")
		Map<String, Number> metrics = (Map<String, Number>) ready.get("metrics");
		assertThat(metrics.get("accuracy").doubleValue()).isGreaterThan(0.9);
		assertThat(metrics.get("roc_auc").doubleValue()).isGreaterThan(0.9);
		assertThat(metrics).containsKey("f1");
		assertThat((String) ready.get("data_fingerprint")).startsWith("sha256:");
		assertThat(keys(tenant)).anySatisfy((key) -> assertThat(key).endsWith("/versions/0000000001/model.ubj"))
			.anySatisfy((key) -> assertThat(key).endsWith("/versions/0000000001/manifest.json"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(MlEvents.of(this.bootstrap, this.topics, tenant)).singleElement()
				.satisfies((event) -> {
					assertThat(event.getType()).isEqualTo("io.strata.ml.model.trained.v1");
					ModelTrained trained = ModelTrained.parseFrom(event.getData().toBytes());
					assertThat(trained.getModel()).isEqualTo("fraud");
					assertThat(trained.getVersion()).isEqualTo(1);
					assertThat(trained.getArtifactUri()).startsWith("s3://").endsWith("/versions/0000000001/model.ubj");
					assertThat(trained.getMetricsOrThrow("accuracy")).isGreaterThan(0.9);
				}));

		request(tenant, RouteScopes.ML_WRITE, HttpMethod.PUT, "/v2/ml/models/fraud/aliases/production",
				"{\"version\": 1}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.alias")
			.isEqualTo("production");
		// predicting changes nothing: ml.read is enough
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict",
				"{\"alias\": \"production\", \"instances\": [{\"amount\": 950, \"country\": \"de\", \"verified\": true},"
						+ " {\"amount\": 120, \"country\": \"xx\", \"verified\": false},"
						+ " {\"amount\": 700, \"country\": \"xx\", \"verified\": false}]}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(1)
			.jsonPath("$.predictions[0].label")
			.isEqualTo("true")
			.jsonPath("$.predictions[1].label")
			.isEqualTo("false")
			.jsonPath("$.predictions[2].label")
			.isEqualTo("true")
			.jsonPath("$.predictions[1].probabilities.false")
			.value(Double.class, (probability) -> assertThat(probability).isGreaterThan(0.5));
		request(tenant, RouteScopes.ML_READ, HttpMethod.GET, "/v2/ml/models/fraud/versions", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].aliases[0]")
			.isEqualTo("production");

		PredictResponse response = InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
			.withCallCredentials(GrpcTestChannel.bearer(tokens.token(tenant, RouteScopes.ML_READ)))
			.predict(PredictRequest.newBuilder()
				.setTenantId(tenant)
				.setModel("fraud")
				.setAlias("production")
				.setFeatures(features(Map.of("amount", 950, "country", "de", "verified", true)))
				.build());
		assertThat(response.getLabel()).isEqualTo("true");
		assertThat(response.getModelVersion()).isEqualTo(1);
		assertThat(response.getScore()).isEqualTo(response.getProbabilitiesOrThrow("true")).isGreaterThan(0.5);
	}

	@Test
	void regressionBeatsTheMeanPredictorAndLinearIsTheSimpleOption() {
		String tenant = newTenant();
		AnalyticsDouble.put(tenant, "flat", Synthetic.linear(300, new Random(8)));
		for (String algorithm : List.of("gradient_boosted_trees", "linear")) {
			Map<String, Object> accepted = train(tenant,
					"{\"name\": \"price\", \"task\": \"regression\", \"algorithm\": \"" + algorithm + "\", "
							+ "\"source\": {\"resource_type\": \"flat\", \"features\": [\"size\", \"rooms\"], "
							+ "\"target\": \"price\"}}");
			Map<String, Object> ready = awaitFinished(tenant, "price", (Integer) accepted.get("version"));
			assertThat(ready).containsEntry("state", "ready").containsEntry("algorithm", algorithm);
			@SuppressWarnings("unchecked")
			Map<String, Number> metrics = (Map<String, Number>) ready.get("metrics");
			assertThat(metrics.get("rmse").doubleValue()).as(algorithm)
				.isLessThan(metrics.get("baseline_rmse").doubleValue() / 2);
			assertThat(metrics).containsKey("mae");
		}
		// without version or alias: the latest ready version
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/price/predict",
				"{\"instances\": [{\"size\": 100, \"rooms\": 3}]}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(2)
			.jsonPath("$.predictions[0].value")
			.value(Double.class, (value) -> assertThat(value).isBetween(300.0, 420.0));
	}

	@Test
	void anotherTenantNeitherSeesNorUsesAModel() {
		String owner = newTenant();
		AnalyticsDouble.put(owner, "txn", Synthetic.separable(100, new Random(9)));
		train(owner, "{\"name\": \"secret\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
				+ "\"features\": [\"amount\"], \"target\": \"fraud\"}}");
		awaitFinished(owner, "secret", 1);
		String other = newTenant();
		request(other, RouteScopes.ML_WRITE, HttpMethod.GET, "/v2/ml/models/secret/versions", null).expectStatus()
			.isNotFound();
		request(other, RouteScopes.ML_WRITE, HttpMethod.GET, "/v2/ml/models/secret/versions/1", null).expectStatus()
			.isNotFound();
		request(other, RouteScopes.ML_WRITE, HttpMethod.POST, "/v2/ml/models/secret/predict",
				"{\"version\": 1, \"instances\": [{\"amount\": 5}]}")
			.expectStatus()
			.isNotFound();
		request(other, RouteScopes.ML_WRITE, HttpMethod.PUT, "/v2/ml/models/secret/aliases/production",
				"{\"version\": 1}")
			.expectStatus()
			.isNotFound();
		request(other, RouteScopes.ML_WRITE, HttpMethod.DELETE, "/v2/ml/models/secret/versions/1", null).expectStatus()
			.isNotFound();
		assertThat(keys(other)).isEmpty();
		assertThat(keys(owner)).isNotEmpty();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
				.withCallCredentials(GrpcTestChannel.bearer(tokens.token(other, RouteScopes.ML_READ)))
				.predict(PredictRequest.newBuilder()
					.setTenantId(owner)
					.setModel("secret")
					.setFeatures(features(Map.of("amount", 5)))
					.build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
				.withCallCredentials(GrpcTestChannel.bearer(tokens.token(other, RouteScopes.ML_READ)))
				.predict(PredictRequest.newBuilder()
					.setTenantId(other)
					.setModel("secret")
					.setFeatures(features(Map.of("amount", 5)))
					.build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		// the owner's model still answers
		request(owner, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/secret/predict",
				"{\"instances\": [{\"amount\": 5}]}")
			.expectStatus()
			.isOk();
	}

	@Test
	void badTrainingRequestsAre400sAndDataProblemsFailTheVersion() {
		String tenant = newTenant();
		AnalyticsDouble.put(tenant, "txn", Synthetic.separable(50, new Random(10)));
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.POST, "/v2/ml/models",
				"{\"name\": \"m\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
						+ "\"features\": [\"amount\", \"colour\"], \"target\": \"fraud\"}}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("amount, country, fraud, verified"))
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/source/features/1");
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.POST, "/v2/ml/models",
				"{\"name\": \"Bad Name\", \"task\": \"clustering\", \"algorithm\": \"svm\", "
						+ "\"source\": {\"resource_type\": \"txn\", \"features\": [\"fraud\"], \"target\": \"fraud\"}}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(4);
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.POST, "/v2/ml/models",
				"{\"name\": \"m\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
						+ "\"features\": [\"amount\"], \"target\": \"fraud\", \"filter\": \"bad = 1\"}}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/source/filter");
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models", "{}").expectStatus().isForbidden();

		AnalyticsDouble.put(tenant, "calm",
				List.of(Map.of("a", 1, "t", "x"), Map.of("a", 2, "t", "x"), Map.of("a", 3, "t", "x"),
						Map.of("a", 4, "t", "x"), Map.of("a", 5, "t", "x"), Map.of("a", 6, "t", "x"),
						Map.of("a", 7, "t", "x"), Map.of("a", 8, "t", "x"), Map.of("a", 9, "t", "x"),
						Map.of("a", 10, "t", "x")));
		train(tenant, "{\"name\": \"calm\", \"task\": \"classification\", \"source\": {\"resource_type\": \"calm\", "
				+ "\"features\": [\"a\"], \"target\": \"t\"}}");
		assertThat(awaitFinished(tenant, "calm", 1)).containsEntry("state", "failed")
			.containsEntry("failure_reason", "Only one class in t (x): a classifier needs at least two.");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(MlEvents.of(this.bootstrap, this.topics, tenant)).anySatisfy((event) -> {
				assertThat(event.getType()).isEqualTo("io.strata.ml.model.training_failed.v1");
				assertThat(ModelTrainingFailed.parseFrom(event.getData().toBytes()).getReason())
					.startsWith("Only one class in t");
			}));
		train(tenant, "{\"name\": \"empty\", \"task\": \"regression\", \"source\": {\"resource_type\": \"none\", "
				+ "\"features\": [\"a\"], \"target\": \"t\"}}");
		assertThat((String) awaitFinished(tenant, "empty", 1).get("failure_reason")).startsWith("Too few rows");
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/calm/predict",
				"{\"instances\": [{\"a\": 1}]}")
			.expectStatus()
			.isNotFound();
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.PUT, "/v2/ml/models/calm/aliases/production",
				"{\"version\": 1}")
			.expectStatus()
			.isEqualTo(409);
	}

	@Test
	void instancesThatDoNotFitTheModelAre400sPerValue() {
		String tenant = newTenant();
		AnalyticsDouble.put(tenant, "txn", Synthetic.separable(100, new Random(11)));
		train(tenant, "{\"name\": \"fraud\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
				+ "\"features\": [\"amount\", \"country\"], \"target\": \"fraud\"}}");
		awaitFinished(tenant, "fraud", 1);
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict",
				"{\"instances\": [{\"amount\": 5, \"country\": \"de\"}, {\"country\": \"de\"}, "
						+ "{\"amount\": \"five\", \"country\": \"de\", \"colour\": \"red\"}]}")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/instances/1/amount")
			.jsonPath("$.errors[1].pointer")
			.isEqualTo("/instances/2/amount")
			.jsonPath("$.errors[1].message")
			.isEqualTo("must be a number")
			.jsonPath("$.errors[2].pointer")
			.isEqualTo("/instances/2/colour")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("its features are: amount, country"));
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict",
				"{\"version\": 7, \"instances\": [{\"amount\": 5, \"country\": \"de\"}]}")
			.expectStatus()
			.isNotFound();
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict",
				"{\"alias\": \"staging\", \"instances\": [{\"amount\": 5, \"country\": \"de\"}]}")
			.expectStatus()
			.isNotFound();
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/nothing/predict",
				"{\"instances\": [{\"amount\": 5}]}")
			.expectStatus()
			.isNotFound();
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict", "{\"instances\": []}")
			.expectStatus()
			.isBadRequest();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> InferenceServiceGrpc.newBlockingStub(this.grpc.channel())
				.withCallCredentials(GrpcTestChannel.bearer(tokens.token(tenant, RouteScopes.ML_READ)))
				.predict(PredictRequest.newBuilder()
					.setTenantId(tenant)
					.setModel("fraud")
					.setFeatures(features(Map.of("amount", 5)))
					.build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).contains("/instances/0/country");
			});
	}

	@Test
	void deletingAVersionDropsItsAliasesAndArtifact() {
		String tenant = newTenant();
		AnalyticsDouble.put(tenant, "txn", Synthetic.separable(100, new Random(12)));
		train(tenant, "{\"name\": \"fraud\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
				+ "\"features\": [\"amount\", \"country\"], \"target\": \"fraud\"}}");
		awaitFinished(tenant, "fraud", 1);
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.PUT, "/v2/ml/models/fraud/aliases/staging", "{\"version\": 1}")
			.expectStatus()
			.isOk();
		request(tenant, RouteScopes.ML_WRITE, HttpMethod.DELETE, "/v2/ml/models/fraud/versions/1", null).expectStatus()
			.isNoContent();
		request(tenant, RouteScopes.ML_READ, HttpMethod.POST, "/v2/ml/models/fraud/predict",
				"{\"alias\": \"staging\", \"instances\": [{\"amount\": 5, \"country\": \"de\"}]}")
			.expectStatus()
			.isNotFound();
		request(tenant, RouteScopes.ML_READ, HttpMethod.GET, "/v2/ml/models/fraud/versions", null).expectStatus()
			.isNotFound();
		assertThat(keys(tenant)).isEmpty();
	}

	private Map<String, Object> train(String tenant, String body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> accepted = request(tenant, RouteScopes.ML_WRITE, HttpMethod.POST, "/v2/ml/models", body)
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.exists("Location")
			.returnResult(Map.class)
			.getResponseBody();
		return accepted;
	}

	private Map<String, Object> awaitFinished(String tenant, String name, int version) {
		return await().atMost(Duration.ofSeconds(60)).until(() -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> found = request(tenant, RouteScopes.ML_READ, HttpMethod.GET,
					"/v2/ml/models/" + name + "/versions/" + version, null)
				.expectStatus()
				.isOk()
				.returnResult(Map.class)
				.getResponseBody();
			return found;
		}, (found) -> !"training".equals(found.get("state")));
	}

	@Test
	void anUnreadableManifestIsA503NotA500() {
		String tenant = newTenant();
		// what a reader may see of an S3-compatible store while the manifest is rewritten
		this.s3.putObject(
				(request) -> request.bucket(this.bucket)
					.key("tenants/" + tenant + "/models/torn/versions/0000000001/manifest.json"),
				software.amazon.awssdk.core.sync.RequestBody.fromString("{\"name\": \"torn\", \"vers"));

		request(tenant, RouteScopes.ML_READ, HttpMethod.GET, "/v2/ml/models/torn/versions/1", null).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/unavailable");
	}

	private List<String> keys(String tenant) {
		return this.s3
			.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix("tenants/" + tenant + "/"))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

	private RestTestClient.ResponseSpec request(String tenant, String scope, HttpMethod method, String uri,
			String body) {
		RestTestClient.RequestBodySpec request = this.client.method(method)
			.uri(uri)
			.header("Authorization", "Bearer " + tokens.token(tenant, scope));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange();
	}

	private static Struct features(Map<String, Object> values) {
		Struct.Builder struct = Struct.newBuilder();
		values.forEach((name, value) -> struct.putFields(name,
				(value instanceof Number number)
						? com.google.protobuf.Value.newBuilder().setNumberValue(number.doubleValue()).build()
						: (value instanceof Boolean bool)
								? com.google.protobuf.Value.newBuilder().setBoolValue(bool).build()
								: com.google.protobuf.Value.newBuilder().setStringValue((String) value).build()));
		return struct.build();
	}

}
