package io.strata.ml.embedding;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Embeds texts with the service's model, the same for the HTTP API and gRPC: at most
 * {@link #MAX_INPUTS} texts, each non-blank and at most {@link #MAX_CHARACTERS}
 * characters (the model reads 256 tokens at a time; a longer text is embedded in parts
 * and averaged, which costs a model call per part, hence the cap). The vectors have unit
 * length, so cosine similarity is their dot product.
 */
@Component
public class EmbeddingTexts {

	public static final int MAX_INPUTS = 256;

	public static final int MAX_CHARACTERS = 8192;

	private final EmbeddingModel model;

	private final EmbeddingModelInfo info;

	private final Timer timer;

	private final Counter texts;

	EmbeddingTexts(EmbeddingModel model, EmbeddingModelInfo info, MeterRegistry meters) {
		this.model = model;
		this.info = info;
		this.timer = Timer.builder("strata.ml.embedding.requests")
			.description("Time to embed one request's texts")
			.tag("model", info.name())
			.tag("model_version", info.version())
			.publishPercentileHistogram()
			.register(meters);
		this.texts = Counter.builder("strata.ml.embedding.texts")
			.description("Texts embedded")
			.tag("model", info.name())
			.tag("model_version", info.version())
			.register(meters);
	}

	/** The model's unit vectors of the texts, in their order. */
	public Embeddings embed(List<String> inputs) {
		check(inputs);
		List<float[]> vectors = this.timer.record(() -> vectors(inputs));
		this.texts.increment(inputs.size());
		return new Embeddings(this.info, vectors);
	}

	public EmbeddingModelInfo model() {
		return this.info;
	}

	private List<float[]> vectors(List<String> inputs) {
		List<Embedding> embeddings = this.model.embedAll(inputs.stream().map(TextSegment::from).toList()).content();
		List<float[]> vectors = new ArrayList<>(embeddings.size());
		for (Embedding embedding : embeddings) {
			// the model's mean pooling already normalises; this guards a model that does
			// not
			embedding.normalize();
			vectors.add(embedding.vector());
		}
		return vectors;
	}

	private static void check(List<String> inputs) {
		if (inputs == null || inputs.isEmpty()) {
			throw ProblemException.invalid("Give at least one text to embed.",
					List.of(new FieldViolation("/input", "must hold between 1 and " + MAX_INPUTS + " texts")));
		}
		if (inputs.size() > MAX_INPUTS) {
			throw ProblemException.invalid("At most " + MAX_INPUTS + " texts per request, not " + inputs.size() + ".",
					List.of(new FieldViolation("/input", "must hold between 1 and " + MAX_INPUTS + " texts")));
		}
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++) {
			String text = inputs.get(i);
			if (text == null || text.isBlank()) {
				violations.add(new FieldViolation("/input/" + i, "must not be blank"));
			}
			else if (text.length() > MAX_CHARACTERS) {
				violations.add(new FieldViolation("/input/" + i, "must be at most " + MAX_CHARACTERS + " characters"));
			}
			else if (text.indexOf('\0') >= 0) {
				// the HTTP API refuses NUL while reading the body; gRPC callers meet the
				// same rule
				violations.add(new FieldViolation("/input/" + i, "must not contain the NUL character (U+0000)"));
			}
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid(violations.size() + " of the texts cannot be embedded: "
					+ violations.getFirst().pointer() + " " + violations.getFirst().message() + ".", violations);
		}
	}

	/** The vectors of one request and the model that made them. */
	public record Embeddings(EmbeddingModelInfo model, List<float[]> vectors) {

	}

}
