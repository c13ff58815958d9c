package io.strata.ml.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import com.google.protobuf.Struct;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.ml.AnalyticsDouble;
import io.strata.ml.MlIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.proto.ml.v1.PredictRequest;
import io.strata.testsupport.GrpcTestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prediction latency of one instance on a warm model (goal: p99 < 10 ms), through HTTP
 * and gRPC, against the baseline measured in the same run: the raw booster call on a
 * one-row matrix, without HTTP, resolution or checks. Run with
 * {@code ./mvnw -B verify -Pbenchmark -pl ml-service -Dtest='PredictionBenchmark*'}
 * ({@code -Dbenchmark.predictions=N}, 2000 by default).
 */
@Tag("benchmark")
class PredictionBenchmarkTests extends MlIntegrationTest {

	private static final int PREDICTIONS = Integer.getInteger("benchmark.predictions", 2000);

	@Autowired
	LoadedModels models;

	@Autowired
	GrpcServerLifecycle grpcServer;

	@Test
	void oneInstanceLatencyAgainstTheRawBoosterCall() throws Exception {
		double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		String tenant = newTenant();
		String token = tokens.token(tenant, RouteScopes.ML_WRITE);
		AnalyticsDouble.put(tenant, "txn", Synthetic.separable(1000, new Random(1)));
		this.client.post()
			.uri("/v2/ml/models")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"bench\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
					+ "\"features\": [\"amount\", \"country\", \"verified\"], \"target\": \"fraud\"}}")
			.exchange()
			.expectStatus()
			.isAccepted();
		await().atMost(Duration.ofSeconds(60)).until(() -> ready(tenant, token));
		String body = "{\"version\": 1, \"instances\": [{\"amount\": 950, \"country\": \"de\", \"verified\": true}]}";
		for (int i = 0; i < 500; i++) {
			post(body, token);
		}
		LoadedModels.Loaded loaded = this.models.loaded(tenant, "bench", 1);
		assertThat(loaded).isNotNull();
		FeatureSchema schema = loaded.manifest().schema();
		Map<String, Object> instance = Map.of("amount", 950, "country", "de", "verified", true);

		long[] raw = new long[PREDICTIONS];
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < PREDICTIONS; i++) {
				long start = System.nanoTime();
				float[] data = new float[schema.columns()];
				schema.encode(instance, data, 0);
				DMatrix matrix = new DMatrix(data, 1, schema.columns(), Float.NaN);
				loaded.booster().predict(matrix);
				matrix.dispose();
				raw[i] = System.nanoTime() - start;
			}
		}
		long[] http = new long[PREDICTIONS];
		for (int i = 0; i < PREDICTIONS; i++) {
			long start = System.nanoTime();
			post(body, token);
			http[i] = System.nanoTime() - start;
		}
		long[] grpc = new long[PREDICTIONS];
		try (GrpcTestChannel channel = GrpcTestChannel.to(this.grpcServer.getPort())) {
			InferenceServiceGrpc.InferenceServiceBlockingStub stub = InferenceServiceGrpc
				.newBlockingStub(channel.channel())
				.withCallCredentials(GrpcTestChannel.bearer(token));
			PredictRequest request = PredictRequest.newBuilder()
				.setTenantId(tenant)
				.setModel("bench")
				.setModelVersion(1)
				.setFeatures(Struct.newBuilder()
					.putFields("amount", com.google.protobuf.Value.newBuilder().setNumberValue(950).build())
					.putFields("country", com.google.protobuf.Value.newBuilder().setStringValue("de").build())
					.putFields("verified", com.google.protobuf.Value.newBuilder().setBoolValue(true).build()))
				.build();
			for (int i = 0; i < 500; i++) {
				stub.predict(request);
			}
			for (int i = 0; i < PREDICTIONS; i++) {
				long start = System.nanoTime();
				stub.predict(request);
				grpc[i] = System.nanoTime() - start;
			}
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("cores", Runtime.getRuntime().availableProcessors());
		report.put("load average at start (machine is shared when > cores)", String.format("%.1f", load));
		report.put("predictions per path", PREDICTIONS);
		report.put("baseline raw booster.predict, 1 row, p50/p99 ms", millis(raw, 50) + " / " + millis(raw, 99));
		report.put("HTTP POST /v2/ml/models/{name}/predict, 1 instance, p50/p99 ms",
				millis(http, 50) + " / " + millis(http, 99));
		report.put("gRPC Predict, 1 instance, p50/p99 ms", millis(grpc, 50) + " / " + millis(grpc, 99));
		report.put("HTTP p99 ratio to baseline p99",
				String.format("%.1f", (double) percentile(http, 99) / percentile(raw, 99)));
		StringBuilder out = new StringBuilder("\n=== ml PredictionBenchmarkTests (goal: predict p99 < 10 ms) ===\n");
		report.forEach((key, value) -> out.append(String.format("%-65s %s%n", key, value)));
		System.out.println(out);
	}

	private boolean ready(String tenant, String token) {
		@SuppressWarnings("unchecked")
		Map<String, Object> version = this.client.get()
			.uri("/v2/ml/models/bench/versions/1")
			.header("Authorization", "Bearer " + token)
			.exchange()
			.returnResult(Map.class)
			.getResponseBody();
		return "ready".equals(version.get("state"));
	}

	private void post(String body, String token) {
		this.client.post()
			.uri("/v2/ml/models/bench/predict")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static long percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)];
	}

	private static String millis(long[] nanos, int percentile) {
		return String.format("%.3f", percentile(nanos, percentile) / 1e6);
	}

}
