package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * existed, and all of them after the model changed (the re-embed). Each document is
 * written again whole at its own version with {@code external_gte}: a newer event or a
 * delete that got there first wins (409, skipped), and a resource's content at one
 * version never changes, so writing it again at that version loses nothing.
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

	private final int batch;

	EmbeddingBackfill(Elastic elastic, ResourceIndex index, ResourceEmbeddings embeddings,
			SemanticProperties properties) {
		this.elastic = elastic;
		this.index = index;
		this.embeddings = embeddings;
		this.batch = Math.min(properties.backfillBatch(), ResourceEmbeddings.MAX_TEXTS);
	}

	@Scheduled(initialDelayString = "${strata.analytics.semantic.backfill-interval:10s}",
			fixedDelayString = "${strata.analytics.semantic.backfill-interval:10s}")
	void backfill() {
		try {
			for (int i = 0; i < MAX_BATCHES && embedBatch() == this.batch; i++) {
				// a full batch: there may be more
			}
		}
		catch (Elastic.ElasticException ex) {
			log.warn("Embedding backfill failed; next run retries: {}", ex.getMessage());
		}
	}

	/** Embeds one batch of documents lacking a current vector; how many it found. */
	@SuppressWarnings("unchecked")
	int embedBatch() {
		Optional<String> model = this.embeddings.currentModel();
		Map<String, Object> missing = model.isPresent() ? Map.of("term", Map.of("embedding_model", model.get()))
				: Map.of("exists", Map.of("field", "embedding_model"));
		JsonNode hits = this.elastic
			.send("POST", "/" + this.index.alias() + "/_search",
					Map.of("size", this.batch, "query",
							Map.of("bool",
									Map.of("filter", List.of(Map.of("exists", Map.of("field", "text"))), "must_not",
											List.of(missing))),
							"_source", Map.of("excludes", List.of("embedding"))),
					Map.of("ignore_unavailable", "true", "allow_no_indices", "true"))
			.path("hits")
			.path("hits");
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
			for (Map<String, Object> document : documents) {
				if (!ResourceEmbeddings.textOf((List<String>) document.get("text")).isBlank()) {
					withText.add(document);
				}
			}
			Optional<ResourceEmbeddings.Vectors> vectors = withText.isEmpty() ? Optional.empty()
					: this.embeddings.embed(tenant.getKey(),
							withText.stream()
								.map((document) -> ResourceEmbeddings.textOf((List<String>) document.get("text")))
								.toList());
			if (!withText.isEmpty() && vectors.isEmpty()) {
				// ml cannot answer: the next run tries again
				return 0;
			}
			vectors.ifPresent((answer) -> ResourceDocuments.withVectors(withText, answer));
			Optional<String> current = this.embeddings.currentModel();
			for (int i = 0; i < documents.size(); i++) {
				Map<String, Object> document = documents.get(i);
				if (!document.containsKey("embedding")) {
					if (current.isEmpty()) {
						continue;
					}
					// only blank text: nothing to mean, done for this model without a
					// vector
					document.put("embedding_model", current.get());
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
