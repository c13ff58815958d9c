package io.strata.analytics.search;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.strata.platform.filter.Filter;
import io.strata.platform.filter.Filter.Operator;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/**
 * Translates a parsed AIP-160 filter into an Elasticsearch query (as a JSON tree). Every
 * field goes through {@link SearchFields}; values are checked against the field's type,
 * so a bad value is a 400 here rather than an Elasticsearch error later. The tenant
 * filter is not this class's business: callers always add it beside the result.
 */
public final class FilterQueries {

	private static final String ATTRS = "attrs";

	private FilterQueries() {
	}

	public static Map<String, Object> translate(Filter filter, SearchFields fields) {
		return switch (filter) {
			case Filter.And and -> and(and.operands().stream().map((f) -> translate(f, fields)).toList());
			case Filter.Or or -> Map.of("bool", Map.of("should",
					or.operands().stream().map((f) -> translate(f, fields)).toList(), "minimum_should_match", 1));
			case Filter.Not not -> not(translate(not.operand(), fields));
			case Filter.Comparison comparison -> comparison(comparison, fields);
			case Filter.Has has -> has(has, fields);
		};
	}

	public static Map<String, Object> and(List<Map<String, Object>> clauses) {
		return clauses.isEmpty() ? Map.of("match_all", Map.of()) : Map.of("bool", Map.of("filter", clauses));
	}

	private static Map<String, Object> not(Map<String, Object> clause) {
		return Map.of("bool", Map.of("must_not", List.of(clause)));
	}

	private static Map<String, Object> comparison(Filter.Comparison comparison, SearchFields fields) {
		SearchFields.Field field = resolve(comparison.path(), fields);
		if (comparison.operator() == Operator.NE) {
			return not(comparison(new Filter.Comparison(comparison.path(), Operator.EQ, comparison.value()), fields));
		}
		return switch (field) {
			case SearchFields.Known known -> known(known, comparison.operator(), comparison.value(), comparison.path());
			case SearchFields.Attribute attribute ->
				nested(attribute.key(), attributeValue(comparison.operator(), comparison.value()));
		};
	}

	private static Map<String, Object> has(Filter.Has has, SearchFields fields) {
		SearchFields.Field field = resolve(has.path(), fields);
		if (has.value() instanceof Filter.AnyValue) {
			return switch (field) {
				case SearchFields.Known known -> Map.of("exists", Map.of("field", known.name()));
				case SearchFields.Attribute attribute -> Map.of("nested",
						Map.of("path", ATTRS, "query",
								Map.of("bool", Map.of("should",
										List.of(term(ATTRS + ".key", attribute.key()),
												Map.of("prefix", Map.of(ATTRS + ".key", attribute.key() + "."))),
										"minimum_should_match", 1))));
			};
		}
		return comparison(new Filter.Comparison(has.path(), Operator.EQ, has.value()), fields);
	}

	private static SearchFields.Field resolve(Filter.Path path, SearchFields fields) {
		return fields.resolve(path)
			.orElseThrow(() -> ProblemException.invalid("Unknown field '" + path.dotted() + "' in filter.",
					List.of(new FieldViolation("/filter", "unknown field '" + path.dotted() + "'"))));
	}

	private static Map<String, Object> known(SearchFields.Known field, Operator operator, Filter.Value value,
			Filter.Path path) {
		Object converted = switch (field.type()) {
			case KEYWORD -> keyword(value);
			case NUMBER -> number(value, path);
			case DATE -> date(value, path);
		};
		return (operator == Operator.EQ) ? term(field.name(), converted) : range(field.name(), operator, converted);
	}

	private static Map<String, Object> attributeValue(Operator operator, Filter.Value value) {
		String column;
		Object converted;
		switch (value) {
			case Filter.NumberValue number -> {
				column = "num";
				converted = number.value();
			}
			case Filter.BooleanValue bool -> {
				column = "bool";
				converted = bool.value();
			}
			case Filter.TimestampValue timestamp -> {
				column = "date";
				converted = timestamp.value().toString();
			}
			case Filter.StringValue string -> {
				Instant instant = instant(string.value());
				column = (instant != null && operator != Operator.EQ) ? "date" : "str";
				converted = (instant != null && operator != Operator.EQ) ? instant.toString() : string.value();
			}
			case Filter.AnyValue any -> throw new IllegalStateException("'*' only follows ':'");
		}
		String name = ATTRS + "." + column;
		return (operator == Operator.EQ) ? term(name, converted) : range(name, operator, converted);
	}

	private static Map<String, Object> nested(String key, Map<String, Object> valueClause) {
		return Map.of("nested", Map.of("path", ATTRS, "query",
				Map.of("bool", Map.of("filter", List.of(term(ATTRS + ".key", key), valueClause)))));
	}

	/** A nested sort on one attribute key: numbers first, then strings. */
	public static List<Object> attributeSorts(String key, boolean descending) {
		List<Object> sorts = new ArrayList<>();
		for (String column : List.of("num", "str")) {
			Map<String, Object> sort = new LinkedHashMap<>();
			sort.put("order", descending ? "desc" : "asc");
			sort.put("missing", "_last");
			sort.put("nested", Map.of("path", ATTRS, "filter", term(ATTRS + ".key", key)));
			sorts.add(Map.of(ATTRS + "." + column, sort));
		}
		return sorts;
	}

	private static Map<String, Object> term(String field, Object value) {
		return Map.of("term", Map.of(field, Map.of("value", value)));
	}

	private static Map<String, Object> range(String field, Operator operator, Object value) {
		String bound = switch (operator) {
			case LT -> "lt";
			case LE -> "lte";
			case GT -> "gt";
			case GE -> "gte";
			case EQ, NE -> throw new IllegalStateException("not a range: " + operator);
		};
		return Map.of("range", Map.of(field, Map.of(bound, value)));
	}

	private static String keyword(Filter.Value value) {
		return switch (value) {
			case Filter.StringValue string -> string.value();
			case Filter.NumberValue number -> number.value().toPlainString();
			case Filter.BooleanValue bool -> Boolean.toString(bool.value());
			case Filter.TimestampValue timestamp -> timestamp.value().toString();
			case Filter.AnyValue any -> "*";
		};
	}

	private static BigDecimal number(Filter.Value value, Filter.Path path) {
		if (value instanceof Filter.NumberValue number) {
			return number.value();
		}
		if (value instanceof Filter.StringValue string) {
			try {
				return new BigDecimal(string.value());
			}
			catch (NumberFormatException ex) {
				// reported below
			}
		}
		throw typeMismatch(path, "a number");
	}

	private static String date(Filter.Value value, Filter.Path path) {
		if (value instanceof Filter.TimestampValue timestamp) {
			return timestamp.value().toString();
		}
		if (value instanceof Filter.StringValue string) {
			Instant instant = instant(string.value());
			if (instant != null) {
				return instant.toString();
			}
		}
		throw typeMismatch(path, "an RFC 3339 timestamp");
	}

	/** An RFC 3339 timestamp or a date (its start in UTC), or null. */
	public static Instant instant(String value) {
		try {
			return (value.indexOf('T') > 0 || value.indexOf('t') > 0) ? OffsetDateTime.parse(value).toInstant()
					: LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static ProblemException typeMismatch(Filter.Path path, String expected) {
		String message = "'" + path.dotted() + "' takes " + expected;
		return ProblemException.invalid("Invalid filter: " + message + ".",
				List.of(new FieldViolation("/filter", message)));
	}

}
