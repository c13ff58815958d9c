package io.strata.identity.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.strata.platform.filter.Filter;
import io.strata.platform.filter.FilterParser;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * Turns an AIP-160 {@code filter} (parsed by the platform's {@link FilterParser}) into a
 * parameterised SQL condition over an allow-list of fields. Only the allow-listed column
 * names and {@code ?} placeholders reach the SQL text; every value is a bind parameter.
 * Any field outside the list, or a value of the wrong type, is a 400 problem naming it.
 * <p>
 * On strings {@code =} and {@code !=} accept {@code *} wildcards ({@code email =
 * "*@example.com"}); on arrays {@code roles:admin} means "contains", {@code roles:*} "not
 * empty"; on other fields {@code field:value} is equality and {@code field:*} always
 * holds (the columns are not nullable).
 */
public final class SqlFilter {

	/** The type of a filterable column. */
	public enum Type {

		STRING, BOOLEAN, NUMBER, TIMESTAMP, STRING_ARRAY

	}

	/**
	 * A filterable field: the SQL column it reads and its type; values for a
	 * {@code foldCase} field are lower-cased, as the column is stored.
	 */
	public record Field(String column, Type type, boolean foldCase) {

		public Field {
			Objects.requireNonNull(column, "column");
			Objects.requireNonNull(type, "type");
		}

		public static Field of(String column, Type type) {
			return new Field(column, type, false);
		}

	}

	/** A SQL condition ({@code TRUE} for no filter) and its bind parameters, in order. */
	public record Condition(String sql, List<Object> parameters) {

		public Condition {
			parameters = List.copyOf(parameters);
		}

	}

	private final Map<String, Field> fields;

	private SqlFilter(Map<String, Field> fields) {
		this.fields = Map.copyOf(fields);
	}

	/** The condition for a filter over these fields; null or blank matches everything. */
	public static Condition translate(String filter, Map<String, Field> fields) {
		SqlFilter translator = new SqlFilter(fields);
		List<Object> parameters = new ArrayList<>();
		String sql = translator.condition(FilterParser.parse(filter), parameters);
		return new Condition(sql, parameters);
	}

	private String condition(Filter filter, List<Object> parameters) {
		return switch (filter) {
			case Filter.And and -> join(and.operands(), " AND ", "TRUE", parameters);
			case Filter.Or or -> join(or.operands(), " OR ", "FALSE", parameters);
			case Filter.Not not -> "NOT (" + condition(not.operand(), parameters) + ")";
			case Filter.Comparison comparison -> comparison(comparison, parameters);
			case Filter.Has has -> has(has, parameters);
		};
	}

	private String join(List<Filter> operands, String operator, String empty, List<Object> parameters) {
		if (operands.isEmpty()) {
			return empty;
		}
		List<String> parts = new ArrayList<>();
		for (Filter operand : operands) {
			parts.add(condition(operand, parameters));
		}
		return "(" + String.join(operator, parts) + ")";
	}

	private String comparison(Filter.Comparison comparison, List<Object> parameters) {
		Field field = field(comparison.path());
		String name = comparison.path().dotted();
		Filter.Operator operator = comparison.operator();
		if (field.type() == Type.STRING_ARRAY) {
			throw invalid("'" + name + "' is a list: use " + name + ":value");
		}
		if (field.type() == Type.BOOLEAN && operator != Filter.Operator.EQ && operator != Filter.Operator.NE) {
			throw invalid("'" + name + "' is true or false: compare it with = or !=");
		}
		Object value = value(name, field, comparison.value());
		if (field.type() == Type.STRING && value instanceof String text && text.indexOf('*') >= 0
				&& (operator == Filter.Operator.EQ || operator == Filter.Operator.NE)) {
			parameters.add(like(text));
			return field.column() + ((operator == Filter.Operator.EQ) ? " LIKE ?" : " NOT LIKE ?");
		}
		parameters.add(value);
		String symbol = (operator == Filter.Operator.NE) ? "<>" : operator.symbol();
		return field.column() + " " + symbol + " ?";
	}

	private String has(Filter.Has has, List<Object> parameters) {
		Field field = field(has.path());
		if (has.value() instanceof Filter.AnyValue) {
			return (field.type() == Type.STRING_ARRAY) ? "cardinality(" + field.column() + ") > 0" : "TRUE";
		}
		if (field.type() == Type.STRING_ARRAY) {
			parameters.add(value(has.path().dotted(), Field.of(field.column(), Type.STRING), has.value()));
			return "? = ANY (" + field.column() + ")";
		}
		parameters.add(value(has.path().dotted(), field, has.value()));
		return field.column() + " = ?";
	}

	private Field field(Filter.Path path) {
		Field field = this.fields.get(path.dotted());
		if (field == null) {
			throw invalid("unknown field '" + path.dotted() + "'; filterable fields are "
					+ String.join(", ", this.fields.keySet().stream().sorted().toList()));
		}
		return field;
	}

	private static Object value(String name, Field field, Filter.Value value) {
		return switch (field.type()) {
			case STRING, STRING_ARRAY -> switch (value) {
				case Filter.StringValue string ->
					field.foldCase() ? string.value().toLowerCase(Locale.ROOT) : string.value();
				case Filter.NumberValue number -> number.value().toPlainString();
				case Filter.BooleanValue bool -> Boolean.toString(bool.value());
				case Filter.TimestampValue timestamp -> timestamp.value().toString();
				case Filter.AnyValue any -> throw mismatch(name, "a string");
			};
			case BOOLEAN -> {
				if (value instanceof Filter.BooleanValue bool) {
					yield bool.value();
				}
				throw mismatch(name, "true or false");
			}
			case NUMBER -> {
				if (value instanceof Filter.NumberValue number) {
					yield number.value();
				}
				throw mismatch(name, "a number");
			}
			case TIMESTAMP -> switch (value) {
				// an explicit offset: PostgreSQL compares it with timestamptz exactly
				case Filter.TimestampValue timestamp -> timestamp.value().atOffset(ZoneOffset.UTC);
				case Filter.StringValue string -> instant(name, string.value()).atOffset(ZoneOffset.UTC);
				default -> throw mismatch(name, "an RFC 3339 timestamp");
			};
		};
	}

	private static Instant instant(String name, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw mismatch(name, "an RFC 3339 timestamp such as \"2026-01-01T00:00:00Z\"");
		}
	}

	/**
	 * {@code *} becomes {@code %}; the caller's own {@code %}, {@code _} and {@code \}
	 * match literally.
	 */
	private static String like(String pattern) {
		return pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%');
	}

	private static ProblemException mismatch(String name, String expected) {
		return invalid("'" + name + "' must be compared with " + expected);
	}

	private static ProblemException invalid(String reason) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-filter", "Invalid filter",
				"Invalid filter: " + reason, List.of(new FieldViolation("/filter", reason)));
	}

}
