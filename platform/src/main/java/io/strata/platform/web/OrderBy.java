package io.strata.platform.web;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * An AIP-132 {@code order_by} of one field for keyset-paginated SQL lists:
 * {@code "id desc"}. A field the list cannot order by, or more than one, is answered 400,
 * never ignored.
 *
 * @param field the field, one of those the list allows
 * @param descending whether the order is descending
 */
public record OrderBy(String field, boolean descending) {

	private static final Pattern CLAUSE = Pattern.compile("\\s*([a-z_][a-z0-9_]*)(?:\\s+(asc|desc))?\\s*",
			Pattern.CASE_INSENSITIVE);

	/**
	 * @param orderBy the caller's {@code order_by}, or blank for {@code fallback}
	 * @param fallback the list's own order
	 * @param fields what the list can be ordered by
	 */
	public static OrderBy parse(String orderBy, OrderBy fallback, Set<String> fields) {
		if (orderBy == null || orderBy.isBlank()) {
			return fallback;
		}
		Matcher matcher = CLAUSE.matcher(orderBy);
		if (orderBy.length() > 100 || !matcher.matches()) {
			throw invalid("order_by takes one field with an optional 'asc' or 'desc', such as '" + fallback.field()
					+ " desc'", fields);
		}
		String field = matcher.group(1).toLowerCase(Locale.ROOT);
		if (!fields.contains(field)) {
			throw invalid("order_by: unknown field '" + field + "'", fields);
		}
		return new OrderBy(field, "desc".equalsIgnoreCase(matcher.group(2)));
	}

	/** {@code ASC} or {@code DESC}, for SQL. */
	public String direction() {
		return this.descending ? "DESC" : "ASC";
	}

	/** The comparison that selects the rows after a cursor position in this order. */
	public String after() {
		return this.descending ? "<" : ">";
	}

	private static ProblemException invalid(String message, Set<String> fields) {
		return ProblemException.invalid("Invalid order_by: " + message + ".", List.of(new FieldViolation("/order_by",
				message + "; the list orders by " + String.join(", ", fields.stream().sorted().toList()))));
	}

}
