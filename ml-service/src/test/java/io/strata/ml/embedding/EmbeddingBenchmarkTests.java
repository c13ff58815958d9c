package io.strata.ml.embedding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.embedding.EmbeddingModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.EmbedRequest;
import io.strata.proto.ml.v1.InferenceServiceGrpc;
import io.strata.testsupport.GrpcTestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Embeddings per second through the API, batched, against the baseline measured in the
 * same run: the raw model call, one text at a time, without HTTP. Texts are short ticket
 * titles (6-14 words), the platform's typical resource text. Run with
 * {@code ./mvnw -B verify -Pbenchmark -pl ml-service} ({@code -Dbenchmark.texts=N}, 2048
 * by default).
 */
@Tag("benchmark")
class EmbeddingBenchmarkTests extends MlIntegrationTest {

	private static final int TEXTS = Integer.getInteger("benchmark.texts", 2048);

	private static final String[] WORDS = ("printer car engine invoice refund login password laptop battery "
			+ "water leak ceiling projector room coffee machine parking gate payroll order delivery late broken "
			+ "screen keyboard network slow error crash update install license account locked email spam")
		.split(" ");

	@Autowired
	EmbeddingModel model;

	@Autowired
	GrpcServerLifecycle grpcServer;

	@Test
	void embeddingsPerSecondBatchedAgainstTheRawModel() throws Exception {
		double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		List<String> texts = texts(TEXTS);
		// warm up both paths (JIT, ONNX Runtime's arenas)
		texts.subList(0, 64).forEach(this.model::embed);
		post(texts.subList(0, 64));

		long start = System.nanoTime();
		for (String text : texts) {
			this.model.embed(text);
		}
		double rawSeconds = (System.nanoTime() - start) / 1e9;

		start = System.nanoTime();
		this.model.embedAll(texts.stream().map(dev.langchain4j.data.segment.TextSegment::from).toList());
		double rawBatchSeconds = (System.nanoTime() - start) / 1e9;

		Map<String, Object> report = new LinkedHashMap<>();
		report.put("cores", Runtime.getRuntime().availableProcessors());
		report.put("load average at start (machine is shared when > cores)", String.format("%.1f", load));
		report.put("texts", TEXTS);
		report.put("baseline raw model.embed, one at a time, emb/s", rate(TEXTS, rawSeconds));
		report.put("raw model.embedAll (whole set), emb/s", rate(TEXTS, rawBatchSeconds));
		for (int batch : new int[] { 1, 16, 64, 256 }) {
			int count = (batch == 1) ? Math.min(TEXTS, 256) : TEXTS;
			long[] latencies = new long[(count + batch - 1) / batch];
			start = System.nanoTime();
			for (int from = 0, i = 0; from < count; from += batch, i++) {
				long call = System.nanoTime();
				post(texts.subList(from, Math.min(count, from + batch)));
				latencies[i] = System.nanoTime() - call;
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			report.put("HTTP POST /v2/ml/embeddings batch " + batch + ", emb/s", rate(count, seconds));
			report.put("  batch " + batch + " ratio to baseline",
					String.format("%.2f", (count / seconds) / (TEXTS / rawSeconds)));
			report.put("  batch " + batch + " request p50/p95 ms",
					percentile(latencies, 50) + " / " + percentile(latencies, 95));
		}
		try (GrpcTestChannel channel = GrpcTestChannel.to(this.grpcServer.getPort())) {
			InferenceServiceGrpc.InferenceServiceBlockingStub stub = InferenceServiceGrpc
				.newBlockingStub(channel.channel());
			start = System.nanoTime();
			for (int from = 0; from < TEXTS; from += 256) {
				stub.embed(EmbedRequest.newBuilder()
					.setTenantId("bench")
					.addAllTexts(texts.subList(from, Math.min(TEXTS, from + 256)))
					.build());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			report.put("gRPC Embed batch 256, emb/s", rate(TEXTS, seconds));
			report.put("  gRPC ratio to baseline", String.format("%.2f", (TEXTS / seconds) / (TEXTS / rawSeconds)));
		}
		StringBuilder out = new StringBuilder("\n=== ml EmbeddingBenchmarkTests (goal: >= 300 emb/s batched) ===\n");
		report.forEach((key, value) -> out.append(String.format("%-55s %s%n", key, value)));
		System.out.println(out);
	}

	private void post(List<String> texts) {
		this.client.post()
			.uri("/v2/ml/embeddings")
			.header("Authorization", "Bearer " + tokens.token("bench", RouteScopes.ML_READ))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("input", texts))
			.exchange()
			.expectStatus()
			.isOk();
	}

	private static List<String> texts(int count) {
		Random random = new Random(7);
		List<String> texts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			StringBuilder text = new StringBuilder("ticket " + i);
			for (int w = 0, words = 5 + random.nextInt(9); w < words; w++) {
				text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
			}
			texts.add(text.toString());
		}
		assertThat(texts).hasSize(count);
		return texts;
	}

	private static String rate(int count, double seconds) {
		return String.format("%.0f", count / seconds);
	}

	private static long percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return TimeUnit.NANOSECONDS
			.toMillis(sorted[Math.max(0, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)]);
	}

}
