package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.analytics.search.Elastic;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gives vectors to the resources that have text but no vector of the current model: those
 * indexed while ml-service could not answer, those indexed before semantic search
 * existed, and all of them after the model changed (the re-embed); and embeds again the
 * resources of a type whose text attributes changed ({@link ResourceTypeTexts}). Each
 * document is written again whole at its own version with {@code external_gte}: a newer
 * event or a delete that got there first wins (409, skipped), and a resource's content at
 * one version never changes, so writing it again at that version loses nothing.
 */
@Component
class EmbeddingBackfill {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingBackfill.class);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	/** Batches per run, so one run cannot hold the scheduler for long. */
	private static final int MAX_BATCHES = 20;

	private final Elastic elastic;

	private final ResourceIndex index;

	private final ResourceEmbeddings embeddings;

	private final ResourceTypeTexts typeTexts;

	private final int batch;

	EmbeddingBackfill(Elastic elastic, ResourceIndex index, ResourceEmbeddings embeddings, ResourceTypeTexts typeTexts,
			SemanticProperties properties) {
		this.elastic = elastic;
		this.index = index;
		this.embeddings = embeddings;
		this.typeTexts = typeTexts;
		this.batch = Math.min(properties.backfillBatch(), ResourceEmbeddings.MAX_TEXTS);
	}

	@Scheduled(initialDelayString = "${strata.analytics.semantic.backfill-interval:10s}",
			fixedDelayString = "${strata.analytics.semantic.backfill-interval:10s}")
	void backfill() {
		try {
			int batches = 0;
			int size = size();
			while (batches < MAX_BATCHES && embedBatch(size) == size) {
				// a full batch: there may be more
				batches++;
				size = size();
			}
			Optional<ResourceTypeTexts.Pending> pending = this.typeTexts.pending();
			while (pending.isPresent() && batches++ < MAX_BATCHES) {
				size = size();
				int found = embedBatch(pending.get(), size);
				if (found < 0) {
					break;
				}
				if (found < size) {
					this.typeTexts.done(pending.get());
					pending = this.typeTexts.pending();
				}
			}
		}
		catch (Elastic.ElasticException ex) {
			log.warn("Embedding backfill failed; next run retries: {}", ex.getMessage());
		}
	}

	/** Documents per batch: as configured, or fewer while ml answers no more in time. */
	private int size() {
		return Math.min(this.batch, this.embeddings.capacity());
	}

	/**
	 * Embeds one batch of at most {@code size} documents lacking a current vector; how
	 * many it found, or -1 when ml could not answer.
	 */
	int embedBatch(int size) {
		Optional<String> model = this.embeddings.currentModel();
		Map<String, Object> missing = model.isPresent() ? Map.of("term", Map.of("embedding_model", model.get()))
				: Map.of("exists", Map.of("field", "embedding_model"));
		return embedBatch(List.of(Map.of("exists", Map.of("field", "text"))), missing, size);
	}

	/**
	 * Embeds one batch of a type's documents whose vector was made from other attributes
	 * than the type's; how many it found, or -1 when ml could not answer.
	 */
	int embedBatch(ResourceTypeTexts.Pending pending, int size) {
		// refreshed: those the last batch wrote must not be found again
		this.elastic.send("POST", "/" + this.index.alias() + "/_refresh", null,
				Map.of("ignore_unavailable", "true", "allow_no_indices", "true"));
		return embedBatch(
				List.of(Map.of("term", Map.of("tenant_id", pending.tenantId())),
						Map.of("term", Map.of("type", pending.type())), Map.of("exists", Map.of("field", "text"))),
				Map.of("term", Map.of("text_key", pending.textKey())), size);
	}

	@SuppressWarnings("unchecked")
	private int embedBatch(List<Map<String, Object>> filter, Map<String, Object> mustNot, int size) {
		JsonNode hits = this.elastic.send("POST", "/" + this.index.alias() + "/_search",
				Map.of("size", size, "query", Map.of("bool", Map.of("filter", filter, "must_not", List.of(mustNot))),
						"_source", Map.of("excludes", List.of("embedding"))),
				Map.of("ignore_unavailable", "true", "allow_no_indices", "true"))
			.path("hits")
			.path("hits");
		Map<String, List<String>> typeTexts = this.typeTexts.of(StreamSupport.stream(hits.spliterator(), false)
			.map((hit) -> ResourceTypeTexts.id(hit.path("_source").path("tenant_id").asText(),
					hit.path("_source").path("type").asText()))
			.collect(Collectors.toSet()));
		Map<String, List<JsonNode>> byTenant = new LinkedHashMap<>();
		hits.forEach((hit) -> byTenant
			.computeIfAbsent(hit.path("_source").path("tenant_id").asText(), (tenant) -> new ArrayList<>())
			.add(hit));
		StringBuilder bulk = new StringBuilder();
		for (Map.Entry<String, List<JsonNode>> tenant : byTenant.entrySet()) {
			List<Map<String, Object>> documents = new ArrayList<>();
			for (JsonNode hit : tenant.getValue()) {
				documents.add(this.elastic.json().convertValue(hit.path("_source"), MAP));
			}
			List<Map<String, Object>> withText = new ArrayList<>();
			List<String> texts = new ArrayList<>();
			List<String> textKeys = new ArrayList<>();
			List<String> documentKeys = new ArrayList<>();
			for (Map<String, Object> document : documents) {
				List<String> attributes = typeTexts
					.get(ResourceTypeTexts.id(tenant.getKey(), String.valueOf(document.get("type"))));
				String text = ResourceDocuments.embeddingText(document, attributes);
				documentKeys.add(ResourceTypeTexts.key(attributes));
				if (!text.isBlank()) {
					withText.add(document);
					texts.add(text);
					textKeys.add(ResourceTypeTexts.key(attributes));
				}
			}
			Optional<ResourceEmbeddings.Vectors> vectors = withText.isEmpty() ? Optional.empty()
					: this.embeddings.embed(tenant.getKey(), texts);
			if (!withText.isEmpty() && vectors.isEmpty()) {
				// ml cannot answer: the next run tries again
				return -1;
			}
			vectors.ifPresent((answer) -> ResourceDocuments.withVectors(withText, textKeys, answer));
			Optional<String> current = this.embeddings.currentModel();
			for (int i = 0; i < documents.size(); i++) {
				Map<String, Object> document = documents.get(i);
				if (!document.containsKey("embedding")) {
					if (current.isEmpty()) {
						continue;
					}
					// only blank text: nothing to mean, done for this model (and these
					// attributes) without a vector
					document.put("embedding_model", current.get());
					document.put("text_key", documentKeys.get(i));
				}
				JsonNode hit = tenant.getValue().get(i);
				Map<String, Object> target = new LinkedHashMap<>();
				target.put("_index", hit.path("_index").asText());
				target.put("_id", hit.path("_id").asText());
				target.put("version", ((Number) document.get("version")).longValue());
				target.put("version_type", "external_gte");
				bulk.append(this.elastic.write(Map.of("index", target)))
					.append('\n')
					.append(this.elastic.write(document))
					.append('\n');
			}
		}
		if (!bulk.isEmpty()) {
			JsonNode response = this.elastic.send("POST", "/_bulk", bulk.toString());
			if (response.path("errors").asBoolean()) {
				response.path("items").forEach((item) -> {
					JsonNode result = item.elements().next();
					if (result.path("status").asInt() >= 300 && result.path("status").asInt() != 409) {
						log.warn("Embedding backfill could not write {}: {}", result.path("_id").asText(),
								result.path("error"));
					}
				});
			}
		}
		return hits.size();
	}

}
