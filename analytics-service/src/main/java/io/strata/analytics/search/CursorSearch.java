package io.strata.analytics.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.crypto.Digests;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.web.PageRequest;
import io.strata.platform.web.PageRequests;

import org.springframework.stereotype.Component;

/**
 * One page of a list: a search with {@code search_after} on the sort values of the last
 * hit, carried in an opaque page token. Key-based paging is stable under concurrent
 * writes: new or deleted documents never shift the pages that follow (unlike from/size).
 * The token also fingerprints the query and order, so it cannot be replayed against
 * another one; it carries no tenant, because the tenant filter always comes from the
 * caller's token.
 */
@Component
public class CursorSearch {

	private static final Logger log = LoggerFactory.getLogger(CursorSearch.class);

	private final Elastic elastic;

	public CursorSearch(Elastic elastic) {
		this.elastic = elastic;
	}

	public record Page(List<JsonNode> hits, String nextPageToken) {

	}

	/**
	 * @param index index, alias or pattern to search
	 * @param query the whole query, tenant filter included
	 * @param sort the sort, ending with a unique tie-breaker
	 * @param page the page asked for: its position is the previous page's last sort
	 * values with the fingerprint of their query
	 * @param fingerprint what the token must belong to (filter, q, order...)
	 */
	public Page search(String index, Map<String, Object> query, List<Object> sort, PageRequest page,
			String fingerprint) {
		return search(index, query, sort, page, fingerprint, null);
	}

	/**
	 * Like {@link #search(String, Map, List, PageRequest, String)}, with only
	 * {@code sourceFields} of each hit's {@code _source}.
	 */
	public Page search(String index, Map<String, Object> query, List<Object> sort, PageRequest page, String fingerprint,
			List<String> sourceFields) {
		String key = digest(fingerprint);
		int pageSize = page.size();
		Map<String, Object> body = body(query, sort, pageSize,
				(page.after() != null) ? decode(page.after(), key) : null, sourceFields);
		JsonNode response;
		try {
			response = this.elastic.send("POST", "/" + index + "/_search", body,
					Map.of("ignore_unavailable", "true", "allow_no_indices", "true"));
		}
		catch (Elastic.ElasticException ex) {
			if (ex.status() != 400) {
				throw ex;
			}
			// the one input Elasticsearch still sees unchecked: sort values of a crafted
			// token
			log.warn("Search rejected: {}", ex.getMessage());
			throw invalidToken();
		}
		JsonNode hits = response.path("hits").path("hits");
		List<JsonNode> items = new ArrayList<>();
		for (int i = 0; i < Math.min(pageSize, hits.size()); i++) {
			items.add(hits.get(i));
		}
		String next = (hits.size() > pageSize) ? encode(items.get(items.size() - 1).path("sort"), key) : null;
		return new Page(items, next);
	}

	/**
	 * The search body of one page: a hit more than the page (whether there is a next
	 * page), no total count (counting every match costs a pass over all of them, and a
	 * cursor list never shows it).
	 * @param searchAfter the sort values of the previous page's last hit, or null
	 * @param sourceFields the fields of {@code _source} to answer, or null for all: what
	 * the caller does not read, Elasticsearch need not load, send nor this service parse
	 */
	public static Map<String, Object> body(Map<String, Object> query, List<Object> sort, int pageSize,
			JsonNode searchAfter, List<String> sourceFields) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("size", pageSize + 1);
		body.put("query", query);
		body.put("sort", sort);
		body.put("track_total_hits", false);
		if (sourceFields != null) {
			body.put("_source", Map.of("includes", sourceFields));
		}
		if (searchAfter != null) {
			body.put("search_after", searchAfter);
		}
		return body;
	}

	/**
	 * The platform's page token ({@link PageRequests#token}) of a position that holds the
	 * sort values and the query's fingerprint.
	 */
	private String encode(JsonNode sortValues, String key) {
		ObjectNode position = this.elastic.json().createObjectNode();
		position.put("k", key);
		position.set("a", sortValues);
		return PageRequests.token(this.elastic.write(position));
	}

	private JsonNode decode(String position, String key) {
		try {
			JsonNode token = this.elastic.json().readTree(position);
			if (token == null || !key.equals(token.path("k").asText()) || !(token.path("a") instanceof ArrayNode after)
					|| after.isEmpty()) {
				throw new IllegalArgumentException("not for this query");
			}
			for (JsonNode value : after) {
				if (!value.isValueNode()) {
					throw new IllegalArgumentException("not a sort value");
				}
			}
			return after;
		}
		catch (IllegalArgumentException | IOException ex) {
			throw invalidToken();
		}
	}

	private static ProblemException invalidToken() {
		return ProblemException.invalid("The page_token is invalid or belongs to another query.",
				List.of(new FieldViolation("/page_token", "invalid or belongs to another filter or order_by")));
	}

	private static String digest(String fingerprint) {
		return Digests.sha256Hex(fingerprint).substring(0, 16);
	}

}
