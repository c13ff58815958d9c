package io.strata.platform.filter;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A parsed AIP-160 list filter: an immutable tree that a store translates into its own
 * query language. {@link FilterParser#parse(String)} builds it; an empty filter is an
 * {@link And} without operands, which matches everything.
 */
public sealed interface Filter permits Filter.And, Filter.Or, Filter.Not, Filter.Comparison, Filter.Has {

	/** Every operand must match; no operands matches everything. */
	record And(List<Filter> operands) implements Filter {

		public And {
			operands = List.copyOf(operands);
		}

	}

	/** At least one operand must match. */
	record Or(List<Filter> operands) implements Filter {

		public Or {
			operands = List.copyOf(operands);
		}

	}

	/** {@code NOT x} or {@code -x}. */
	record Not(Filter operand) implements Filter {

		public Not {
			Objects.requireNonNull(operand, "operand");
		}

	}

	/** {@code path op value}, such as {@code attributes.priority >= 3}. */
	record Comparison(Path path, Operator operator, Value value) implements Filter {

		public Comparison {
			Objects.requireNonNull(path, "path");
			Objects.requireNonNull(operator, "operator");
			Objects.requireNonNull(value, "value");
		}

	}

	/**
	 * {@code path : value}: the field (a repeated field or a map) has the value;
	 * {@code path:*} means the field is present.
	 */
	record Has(Path path, Value value) implements Filter {

		public Has {
			Objects.requireNonNull(path, "path");
			Objects.requireNonNull(value, "value");
		}

	}

	/** A dotted field path such as {@code attributes.priority}. */
	record Path(List<String> segments) {

		public Path {
			segments = List.copyOf(segments);
			if (segments.isEmpty()) {
				throw new IllegalArgumentException("A path has at least one segment");
			}
		}

		public static Path of(String dotted) {
			return new Path(List.of(dotted.split("\\.")));
		}

		public String dotted() {
			return String.join(".", this.segments);
		}

		@Override
		public String toString() {
			return dotted();
		}

	}

	enum Operator {

		EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

		private final String symbol;

		Operator(String symbol) {
			this.symbol = symbol;
		}

		public String symbol() {
			return this.symbol;
		}

	}

	/** A literal on the right of a comparison. */
	sealed interface Value permits StringValue, NumberValue, BooleanValue, TimestampValue, AnyValue {

	}

	/**
	 * A quoted string or a bare word ({@code state = open}). A store may read it as a
	 * timestamp when the field is one.
	 */
	record StringValue(String value) implements Value {

		public StringValue {
			Objects.requireNonNull(value, "value");
		}

	}

	record NumberValue(BigDecimal value) implements Value {

		public NumberValue {
			Objects.requireNonNull(value, "value");
		}

	}

	record BooleanValue(boolean value) implements Value {

	}

	/**
	 * An unquoted RFC 3339 timestamp or date ({@code 2024-05-01} is its start in UTC).
	 */
	record TimestampValue(Instant value) implements Value {

		public TimestampValue {
			Objects.requireNonNull(value, "value");
		}

	}

	/** {@code *}: any value, as in {@code attributes.owner:*}. */
	record AnyValue() implements Value {

	}

}
