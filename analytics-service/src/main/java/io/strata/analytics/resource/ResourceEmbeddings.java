package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.mtls.MtlsChannels;
import io.strata.proto.ml.v1.EmbedRequest;
import io.strata.proto.ml.v1.EmbedResponse;
import io.strata.proto.ml.v1.Embedding;
import io.strata.proto.ml.v1.InferenceServiceGrpc;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Vectors of resources' text and of search queries, from ml-service's
 * {@code InferenceService.Embed} (ml owns the model, this service owns the index). Why
 * analytics calls ml while it indexes, rather than ml consuming the events and handing
 * vectors back: the vector lands in the same bulk write as the document, so a resource is
 * semantically searchable as soon as it is searchable at all, with one hop fewer and no
 * second writer racing the external versions. When ml cannot answer, indexing goes on
 * without vectors ({@link #embed} is empty) and {@link EmbeddingBackfill} adds them
 * later: keyword search never waits for ml.
 * <p>
 * The calls carry no user's token (indexing has none); Embed needs none, and under mTLS
 * ml answers only the services it lists.
 */
@Component
public class ResourceEmbeddings implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ResourceEmbeddings.class);

	/** ml's limits: texts per call and characters per text. */
	static final int MAX_TEXTS = 256;

	static final int MAX_CHARACTERS = 8192;

	private final ManagedChannel channel;

	private final SemanticProperties properties;

	private final Counter failures;

	private volatile String currentModel;

	/** Until when indexing goes on without asking ml, after ml failed to answer. */
	private volatile long pausedUntil;

	/**
	 * Texts per call that ml embeds within the deadline, as far as is known: halved when
	 * a call runs out of time, grown by an eighth (up to {@link #MAX_TEXTS}) after each
	 * full call that does not (TCP's additive increase, multiplicative decrease). A slow
	 * ml (a busy laptop) would otherwise be asked for the same too-large batch again and
	 * again, compute it and have it thrown away at the deadline, and the backfill would
	 * never get anywhere.
	 */
	private final AtomicInteger capacity = new AtomicInteger(MAX_TEXTS);

	ResourceEmbeddings(SemanticProperties properties, MtlsChannels channels, MeterRegistry meters) {
		this.properties = properties;
		this.channel = channels.forTarget(properties.mlGrpc());
		this.pausedUntil = System.nanoTime();
		this.failures = Counter.builder("strata.analytics.embedding.failures")
			.description("Embed calls to ml-service that failed (indexing went on without vectors)")
			.register(meters);
	}

	/** How many texts one call should carry at most now (see {@link #embed}). */
	int capacity() {
		return this.capacity.get();
	}

	/** The vectors of some texts and the model (name@version) that made them. */
	public record Vectors(String model, List<float[]> vectors) {

	}

	/**
	 * Like {@link #embed}, for documents being indexed: after ml failed, indexing does
	 * not ask again for {@link SemanticProperties#pauseAfterFailure()} (a hung ml-service
	 * would otherwise cost every batch a deadline); the backfill adds the vectors.
	 */
	Optional<Vectors> embedForIndexing(String tenantId, List<String> texts) {
		if (System.nanoTime() - this.pausedUntil < 0) {
			return Optional.empty();
		}
		return embed(tenantId, texts);
	}

	/**
	 * The vectors of the texts (at most {@link #MAX_TEXTS}, best at most
	 * {@link #capacity()}; each cut to {@link #MAX_CHARACTERS}), or empty when ml cannot
	 * answer now.
	 */
	public Optional<Vectors> embed(String tenantId, List<String> texts) {
		EmbedRequest.Builder request = EmbedRequest.newBuilder().setTenantId(tenantId);
		texts.forEach((text) -> request.addTexts(cut(text)));
		try {
			EmbedResponse response = InferenceServiceGrpc.newBlockingStub(this.channel)
				.withDeadlineAfter(this.properties.deadline().toMillis(), TimeUnit.MILLISECONDS)
				.embed(request.build());
			String model = response.getModel() + "@" + response.getModelVersion();
			this.currentModel = model;
			int size = texts.size();
			this.capacity.updateAndGet((now) -> (size >= now) ? Math.min(MAX_TEXTS, now + Math.max(1, now / 8)) : now);
			List<float[]> vectors = new ArrayList<>(response.getEmbeddingsCount());
			for (Embedding embedding : response.getEmbeddingsList()) {
				float[] vector = new float[embedding.getValuesCount()];
				for (int i = 0; i < vector.length; i++) {
					vector[i] = embedding.getValues(i);
				}
				vectors.add(vector);
			}
			return Optional.of(new Vectors(model, vectors));
		}
		catch (StatusRuntimeException ex) {
			if (ex.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
				int size = texts.size();
				this.capacity.updateAndGet((now) -> Math.max(1, Math.min(now, size) / 2));
			}
			this.failures.increment();
			this.pausedUntil = System.nanoTime() + this.properties.pauseAfterFailure().toNanos();
			log.warn("ml-service could not embed {} text(s): {}", texts.size(), ex.getStatus());
			return Optional.empty();
		}
	}

	/** The model of the last answer (name@version), or empty before the first. */
	public Optional<String> currentModel() {
		return Optional.ofNullable(this.currentModel);
	}

	/** A document's text to embed: its string attributes, one per line; may be blank. */
	static String textOf(List<String> strings) {
		return cut(String.join("\n", strings));
	}

	private static String cut(String text) {
		if (text.length() <= MAX_CHARACTERS) {
			return text;
		}
		// never split a surrogate pair
		int end = Character.isHighSurrogate(text.charAt(MAX_CHARACTERS - 1)) ? MAX_CHARACTERS - 1 : MAX_CHARACTERS;
		return text.substring(0, end);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
	}

}
