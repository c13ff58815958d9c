package io.strata.analytics.history;

import java.time.Duration;
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
import io.strata.platform.web.PageRequest;

import org.springframework.stereotype.Component;

/** A tenant's event history: filter, time range, cursor paging. */
@Component
public class QueryingEvents {

	static final SearchFields FIELDS = new SearchFields(Map.ofEntries(Map.entry("id", Type.KEYWORD),
			Map.entry("type", Type.KEYWORD), Map.entry("topic", Type.KEYWORD), Map.entry("source", Type.KEYWORD),
			Map.entry("subject", Type.KEYWORD), Map.entry("time", Type.DATE), Map.entry("resource_id", Type.KEYWORD),
			Map.entry("resource_type", Type.KEYWORD), Map.entry("state", Type.KEYWORD),
			Map.entry("outcome", Type.KEYWORD), Map.entry("endpoint_id", Type.KEYWORD),
			Map.entry("duration_millis", Type.NUMBER)), false);

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final CursorSearch search;

	private final EventHistoryIndex history;

	private final Elastic elastic;

	public QueryingEvents(CursorSearch search, EventHistoryIndex history, Elastic elastic) {
		this.search = search;
		this.history = history;
		this.elastic = elastic;
	}

	public record Query(String filter, String startTime, String endTime, String orderBy, PageRequest page) {

	}

	public record Page(List<Map<String, Object>> items, String nextPageToken) {

	}

	public Page events(String tenantId, Query query) {
		TimeRange range = TimeRange.of(query.startTime(), query.endTime(), Duration.ofDays(3650));
		Map<String, Object> bool = Map.of("filter", tenantAndRange(tenantId, range, query.filter()));
		List<Object> sort = OrderBy.sort(query.orderBy(), "time desc", FIELDS, "id");
		// the raw parameters: a default end time ("now") moves between pages, which is
		// fine
		// for key-based paging
		String fingerprint = String.join("\u0000", String.valueOf(query.filter()), String.valueOf(query.startTime()),
				String.valueOf(query.endTime()), String.valueOf(query.orderBy()));
		CursorSearch.Page page = this.search.search(this.history.pattern(), Map.of("bool", bool), sort, query.page(),
				fingerprint);
		List<Map<String, Object>> items = new ArrayList<>();
		for (JsonNode hit : page.hits()) {
			Map<String, Object> source = this.elastic.json().convertValue(hit.path("_source"), MAP);
			Map<String, Object> item = new LinkedHashMap<>();
			for (String field : List.of("id", "type", "topic", "source", "subject", "time", "tenant_id", "resource_id",
					"resource_type", "state", "outcome", "endpoint_id", "status_code", "duration_millis")) {
				if (source.containsKey(field)) {
					item.put(field, source.get(field));
				}
			}
			items.add(item);
		}
		return new Page(items, page.nextPageToken());
	}

	/** The tenant clause, the time range and the caller's filter, side by side. */
	static List<Map<String, Object>> tenantAndRange(String tenantId, TimeRange range, String filter) {
		return List.of(Map.of("term", Map.of("tenant_id", Map.of("value", tenantId))),
				Map.of("range", Map.of("time", Map.of("gte", range.start().toString(), "lt", range.end().toString()))),
				FilterQueries.translate(FilterParser.parse(filter), FIELDS));
	}

}
