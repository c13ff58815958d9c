package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.search.Elastic;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The {@code semantic} and {@code hybrid} modes of resource search. Semantic is a kNN
 * search on the query's vector, filtered by the tenant and the caller's filter inside the
 * kNN (so the k nearest are the tenant's, not the k nearest overall then filtered away).
 * Hybrid fuses the BM25 ranking and the kNN ranking by reciprocal rank fusion here in the
 * service: Elasticsearch's RRF retriever needs a paid licence. Both answer one page of
 * the best matches, ranked by relevance: no order_by, no page token.
 */
@Component
class SemanticSearching {

	/** RRF's rank constant, as in Cormack et al. and Elasticsearch's default. */
	static final int RANK_CONSTANT = 60;

	private final Elastic elastic;

	private final ResourceIndex index;

	private final ResourceEmbeddings embeddings;

	private final SemanticProperties properties;

	SemanticSearching(Elastic elastic, ResourceIndex index, ResourceEmbeddings embeddings,
			SemanticProperties properties) {
		this.elastic = elastic;
		this.index = index;
		this.embeddings = embeddings;
		this.properties = properties;
	}

	enum Mode {

		KEYWORD, SEMANTIC, HYBRID;

		static Mode of(String mode) {
			if (mode == null || mode.isBlank()) {
				return KEYWORD;
			}
			try {
				return valueOf(mode.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw ProblemException.invalid("mode must be keyword, semantic or hybrid.",
						List.of(new FieldViolation("/mode", "must be keyword, semantic or hybrid")));
			}
		}

	}

	/**
	 * The best matches of the query among the documents the filter clauses admit, as
	 * sources in rank order.
	 */
	List<JsonNode> search(String tenantId, String text, Mode mode, List<Map<String, Object>> filters, int size,
			String orderBy, String pageToken) {
		String name = mode.name().toLowerCase(Locale.ROOT);
		if (text == null || text.isBlank()) {
			throw ProblemException.invalid("A " + name + " search needs a query.",
					List.of(new FieldViolation("/query", "required in " + name + " mode")));
		}
		if (orderBy != null && !orderBy.isBlank()) {
			throw ProblemException.invalid("A " + name + " search is ranked by relevance; it takes no order_by.",
					List.of(new FieldViolation("/order_by", "not allowed in " + name + " mode")));
		}
		if (pageToken != null && !pageToken.isBlank()) {
			throw ProblemException.invalid("A " + name + " search answers one page of the best matches.",
					List.of(new FieldViolation("/page_token", "not allowed in " + name + " mode")));
		}
		float[] vector = this.embeddings.embed(tenantId, List.of(text))
			.map((vectors) -> vectors.vectors().getFirst())
			.orElseThrow(() -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
					"Semantic search unavailable",
					"The embedding model cannot answer now; keyword search still works. Try again later."));
		List<JsonNode> nearest = knn(vector, filters, size);
		if (mode == Mode.SEMANTIC) {
			return nearest;
		}
		return fuse(List.of(bm25(text, filters, size), nearest), size);
	}

	private List<JsonNode> knn(float[] vector, List<Map<String, Object>> filters, int size) {
		Map<String, Object> knn = new LinkedHashMap<>();
		knn.put("field", "embedding");
		knn.put("query_vector", vector);
		knn.put("k", size);
		knn.put("num_candidates", Math.max(this.properties.numCandidates(), size));
		knn.put("similarity", this.properties.minSimilarity());
		knn.put("filter", Map.of("bool", Map.of("filter", filters)));
		return hits(Map.of("knn", knn, "size", size));
	}

	private List<JsonNode> bm25(String text, List<Map<String, Object>> filters, int size) {
		return hits(Map.of("size", size, "query",
				Map.of("bool", Map.of("filter", filters, "must", List.of(Map.of("match", Map.of("text", text)))))));
	}

	private List<JsonNode> hits(Map<String, Object> search) {
		Map<String, Object> body = new LinkedHashMap<>(search);
		body.put("_source", Map.of("includes", ResourceDocuments.VIEW_FIELDS));
		body.put("track_total_hits", false);
		List<JsonNode> hits = new ArrayList<>();
		this.elastic
			.send("POST", "/" + this.index.alias() + "/_search", body,
					Map.of("ignore_unavailable", "true", "allow_no_indices", "true"))
			.path("hits")
			.path("hits")
			.forEach(hits::add);
		return hits;
	}

	/**
	 * Reciprocal rank fusion: each document scores the sum of 1 / (60 + rank) over the
	 * rankings it appears in; the best {@code size} in order of that score.
	 */
	static List<JsonNode> fuse(List<List<JsonNode>> rankings, int size) {
		Map<String, Double> scores = new LinkedHashMap<>();
		Map<String, JsonNode> hits = new LinkedHashMap<>();
		for (List<JsonNode> ranking : rankings) {
			for (int rank = 0; rank < ranking.size(); rank++) {
				String id = ranking.get(rank).path("_id").asText();
				scores.merge(id, 1.0 / (RANK_CONSTANT + rank + 1), Double::sum);
				hits.putIfAbsent(id, ranking.get(rank));
			}
		}
		return scores.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(size)
			.map((entry) -> hits.get(entry.getKey()))
			.toList();
	}

}
