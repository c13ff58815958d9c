package io.strata.analytics.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.strata.platform.filter.Filter;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * AIP-132 {@code order_by}: {@code "attributes.priority desc, created_at"}. Turns into an
 * Elasticsearch sort that always ends with a unique tie-breaker, which
 * {@code search_after} paging needs to be exact.
 */
public final class OrderBy {

	private static final Pattern CLAUSE = Pattern
		.compile("\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)(?:\\s+(asc|desc))?\\s*");

	private static final int MAX_CLAUSES = 5;

	private OrderBy() {
	}

	/**
	 * @param orderBy the caller's order, or blank for {@code fallback}
	 * @param tieBreaker a unique keyword field, appended ascending
	 */
	public static List<Object> sort(String orderBy, String fallback, SearchFields fields, String tieBreaker) {
		String text = (orderBy == null || orderBy.isBlank()) ? fallback : orderBy;
		String[] clauses = text.split(",", -1);
		if (clauses.length > MAX_CLAUSES || text.length() > 500) {
			throw invalid("order_by takes at most " + MAX_CLAUSES + " fields");
		}
		List<Object> sorts = new ArrayList<>();
		boolean tieBroken = false;
		for (String clause : clauses) {
			Matcher matcher = CLAUSE.matcher(clause);
			if (!matcher.matches()) {
				throw invalid(
						"order_by is a comma-separated list of 'field [asc|desc]', found '" + clause.trim() + "'");
			}
			boolean descending = "desc".equals(matcher.group(2));
			String name = matcher.group(1);
			if ("_score".equals(name)) {
				sorts.add(Map.of("_score", Map.of("order", descending ? "desc" : "asc")));
				continue;
			}
			SearchFields.Field field = fields.resolve(Filter.Path.of(name))
				.orElseThrow(() -> invalid("order_by: unknown field '" + name + "'"));
			switch (field) {
				case SearchFields.Known known -> {
					Map<String, Object> order = new LinkedHashMap<>();
					order.put("order", descending ? "desc" : "asc");
					sorts.add(Map.of(known.name(), order));
					tieBroken |= known.name().equals(tieBreaker);
				}
				case SearchFields.Attribute attribute ->
					sorts.addAll(FilterQueries.attributeSorts(attribute.key(), descending));
			}
		}
		if (!tieBroken) {
			sorts.add(Map.of(tieBreaker, Map.of("order", "asc")));
		}
		return sorts;
	}

	private static ProblemException invalid(String message) {
		return ProblemException.invalid("Invalid order_by: " + message + ".",
				List.of(new FieldViolation("/order_by", message)));
	}

}
