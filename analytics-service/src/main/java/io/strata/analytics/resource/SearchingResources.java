package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.search.CursorSearch;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.FilterQueries;
import io.strata.analytics.search.OrderBy;
import io.strata.analytics.search.SearchFields;
import io.strata.analytics.search.SearchFields.Type;
import io.strata.platform.filter.FilterParser;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.web.PageRequest;

import org.springframework.stereotype.Component;

/**
 * Lists and searches a tenant's resources: AIP-160 filter, full text, order and cursor
 * paging. The tenant comes from the caller's token and is always a filter clause of its
 * own, beside (never inside) what the caller's filter turns into, so no filter can widen
 * it.
 */
@Component
public class SearchingResources {

	static final SearchFields FIELDS = new SearchFields(
			Map.of("id", Type.KEYWORD, "tenant_id", Type.KEYWORD, "type", Type.KEYWORD, "type_version", Type.NUMBER,
					"state", Type.KEYWORD, "version", Type.NUMBER, "created_at", Type.DATE, "updated_at", Type.DATE),
			true);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private static final int MAX_Q_LENGTH = 1000;

	private final CursorSearch search;

	private final ResourceIndex index;

	private final Elastic elastic;

	private final SemanticSearching semantic;

	public SearchingResources(CursorSearch search, ResourceIndex index, Elastic elastic, SemanticSearching semantic) {
		this.search = search;
		this.index = index;
		this.elastic = elastic;
		this.semantic = semantic;
	}

	/**
	 * @param mode {@code keyword} (the default), {@code semantic} or {@code hybrid}
	 */
	public record Query(String filter, String q, String orderBy, PageRequest page, String mode) {

		public Query(String filter, String q, String orderBy, PageRequest page) {
			this(filter, q, orderBy, page, null);
		}

	}

	public record Page(List<Map<String, Object>> items, String nextPageToken) {

	}

	/** An item of a page as the protobuf resource (for gRPC). */
	public static io.strata.proto.resource.v1.Resource toProto(Map<String, Object> item) {
		return ResourceDocuments.toProto(item);
	}

	public Page search(String tenantId, Query query) {
		if (query.q() != null && query.q().length() > MAX_Q_LENGTH) {
			throw ProblemException.invalid("q is longer than " + MAX_Q_LENGTH + " characters.",
					List.of(new FieldViolation("/q", "too long")));
		}
		SemanticSearching.Mode mode = SemanticSearching.Mode.of(query.mode());
		if (mode != SemanticSearching.Mode.KEYWORD) {
			List<Map<String, Object>> items = new ArrayList<>();
			for (JsonNode hit : this.semantic.search(tenantId, query.q(), mode,
					List.of(tenantClause(tenantId),
							FilterQueries.translate(FilterParser.parse(query.filter()), FIELDS)),
					query.page().size(), query.orderBy(), query.page().after())) {
				items.add(ResourceDocuments.view(this.elastic.json().convertValue(hit.path("_source"), MAP)));
			}
			return new Page(items, null);
		}
		Keyword keyword = keyword(tenantId, query);
		CursorSearch.Page page = this.search.search(this.index.alias(), keyword.query(), keyword.sort(), query.page(),
				keyword.fingerprint(), ResourceDocuments.VIEW_FIELDS);
		List<Map<String, Object>> items = new ArrayList<>();
		for (JsonNode hit : page.hits()) {
			items.add(ResourceDocuments.view(this.elastic.json().convertValue(hit.path("_source"), MAP)));
		}
		return new Page(items, page.nextPageToken());
	}

	/**
	 * A keyword search as Elasticsearch gets it: the query, its sort, its token's key.
	 */
	record Keyword(Map<String, Object> query, List<Object> sort, String fingerprint) {

	}

	/** The Elasticsearch query and sort of a keyword search or a plain list. */
	static Keyword keyword(String tenantId, Query query) {
		List<Map<String, Object>> clauses = new ArrayList<>();
		clauses.add(tenantClause(tenantId));
		clauses.add(FilterQueries.translate(FilterParser.parse(query.filter()), FIELDS));
		Map<String, Object> bool = new LinkedHashMap<>();
		bool.put("filter", clauses);
		boolean fullText = query.q() != null && !query.q().isBlank();
		if (fullText) {
			bool.put("must", List.of(Map.of("match", Map.of("text", Map.of("query", query.q(), "operator", "and")))));
		}
		List<Object> sort = OrderBy.sort(query.orderBy(), fullText ? "_score desc" : "created_at desc", FIELDS, "id");
		String fingerprint = String.join("\u0000", String.valueOf(query.filter()), String.valueOf(query.q()),
				String.valueOf(query.orderBy()));
		return new Keyword(Map.of("bool", bool), sort, fingerprint);
	}

	private static Map<String, Object> tenantClause(String tenantId) {
		return Map.of("term", Map.of("tenant_id", Map.of("value", tenantId)));
	}

}
