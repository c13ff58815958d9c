package io.strata.platform.filter;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.strata.platform.filter.Filter.And;
import io.strata.platform.filter.Filter.AnyValue;
import io.strata.platform.filter.Filter.BooleanValue;
import io.strata.platform.filter.Filter.Comparison;
import io.strata.platform.filter.Filter.Has;
import io.strata.platform.filter.Filter.Not;
import io.strata.platform.filter.Filter.NumberValue;
import io.strata.platform.filter.Filter.Operator;
import io.strata.platform.filter.Filter.Or;
import io.strata.platform.filter.Filter.Path;
import io.strata.platform.filter.Filter.StringValue;
import io.strata.platform.filter.Filter.TimestampValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FilterParserTests {

	private static Comparison cmp(String path, Operator op, Filter.Value value) {
		return new Comparison(Path.of(path), op, value);
	}

	@Test
	void blankFilterMatchesEverything() {
		assertThat(FilterParser.parse(null)).isEqualTo(new And(List.of()));
		assertThat(FilterParser.parse("  ")).isEqualTo(new And(List.of()));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "a = 1|EQ", "a != 1|NE", "a < 1|LT", "a <= 1|LE", "a > 1|GT", "a >= 1|GE", "a=1|EQ", "a>=1|GE" })
	void everyComparator(String filter, Operator operator) {
		assertThat(FilterParser.parse(filter)).isEqualTo(cmp("a", operator, new NumberValue(BigDecimal.ONE)));
	}

	@Test
	void literals() {
		assertThat(FilterParser.parse("state = \"open \\\"now\\\"\""))
			.isEqualTo(cmp("state", Operator.EQ, new StringValue("open \"now\"")));
		assertThat(FilterParser.parse("state = 'open'")).isEqualTo(cmp("state", Operator.EQ, new StringValue("open")));
		assertThat(FilterParser.parse("state = open")).isEqualTo(cmp("state", Operator.EQ, new StringValue("open")));
		assertThat(FilterParser.parse("p >= -2.5e1"))
			.isEqualTo(cmp("p", Operator.GE, new NumberValue(new BigDecimal("-2.5e1"))));
		assertThat(FilterParser.parse("done = true")).isEqualTo(cmp("done", Operator.EQ, new BooleanValue(true)));
		assertThat(FilterParser.parse("done != false")).isEqualTo(cmp("done", Operator.NE, new BooleanValue(false)));
		assertThat(FilterParser.parse("created_at > 2024-05-01T10:00:00+02:00"))
			.isEqualTo(cmp("created_at", Operator.GT, new TimestampValue(Instant.parse("2024-05-01T08:00:00Z"))));
		assertThat(FilterParser.parse("created_at >= 2024-05-01"))
			.isEqualTo(cmp("created_at", Operator.GE, new TimestampValue(Instant.parse("2024-05-01T00:00:00Z"))));
	}

	@Test
	void dottedPathsAndHas() {
		assertThat(FilterParser.parse("attributes.owner.name = \"x\"")).isEqualTo(
				new Comparison(new Path(List.of("attributes", "owner", "name")), Operator.EQ, new StringValue("x")));
		assertThat(FilterParser.parse("attributes.tags:urgent"))
			.isEqualTo(new Has(Path.of("attributes.tags"), new StringValue("urgent")));
		assertThat(FilterParser.parse("attributes.owner:*"))
			.isEqualTo(new Has(Path.of("attributes.owner"), new AnyValue()));
	}

	@Test
	void orBindsTighterThanAndAsTheAipSays() {
		assertThat(FilterParser.parse("a = 1 AND b = 2 OR c = 3"))
			.isEqualTo(new And(List.of(cmp("a", Operator.EQ, new NumberValue(BigDecimal.ONE)),
					new Or(List.of(cmp("b", Operator.EQ, new NumberValue(BigDecimal.TWO)),
							cmp("c", Operator.EQ, new NumberValue(new BigDecimal("3"))))))));
	}

	@Test
	void notMinusParenthesesAndSequences() {
		Comparison a = cmp("a", Operator.EQ, new NumberValue(BigDecimal.ONE));
		Comparison b = cmp("b", Operator.EQ, new NumberValue(BigDecimal.TWO));
		assertThat(FilterParser.parse("NOT a = 1")).isEqualTo(new Not(a));
		assertThat(FilterParser.parse("-a = 1")).isEqualTo(new Not(a));
		assertThat(FilterParser.parse("NOT (a = 1 OR b = 2)")).isEqualTo(new Not(new Or(List.of(a, b))));
		assertThat(FilterParser.parse("(a = 1 OR b = 2) AND a = 1"))
			.isEqualTo(new And(List.of(new Or(List.of(a, b)), a)));
		assertThat(FilterParser.parse("a = 1 b = 2")).isEqualTo(new And(List.of(a, b)));
	}

	@Test
	void syntaxErrorNamesPositionAndExpectation() {
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("state = "))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(8);
				assertThat(ex.expected()).containsExactly("a value");
				assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(ex.getMessage())
					.isEqualTo("Invalid filter at position 8: unexpected end of input; expected a value");
			});
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("state open"))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(6);
				assertThat(ex.expected()).contains("a comparator (=, !=, <, <=, >, >=, :)");
			});
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("(a = 1"))
			.satisfies((ex) -> assertThat(ex.expected()).contains("')'"));
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("a = 1 AND"))
			.satisfies((ex) -> assertThat(ex.position()).isEqualTo(9));
	}

	@Test
	void lexicalErrors() {
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("a = \"open"))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(4);
				assertThat(ex.reason()).isEqualTo("unterminated string");
			});
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("a = 1 # b"))
			.satisfies((ex) -> {
				assertThat(ex.position()).isEqualTo(6);
				assertThat(ex.reason()).isEqualTo("unexpected character '#'");
			});
	}

	@Test
	void invalidValues() {
		assertThatExceptionOfType(FilterSyntaxException.class)
			.isThrownBy(() -> FilterParser.parse("created_at > 2024-13-45"))
			.satisfies((ex) -> assertThat(ex.position()).isEqualTo(13));
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse("a = *"))
			.satisfies((ex) -> assertThat(ex.position()).isEqualTo(4));
		assertThatExceptionOfType(FilterSyntaxException.class)
			.isThrownBy(() -> FilterParser.parse("a = 1e99999999999"));
	}

	@Test
	void boundsLengthAndDepth() {
		assertThatExceptionOfType(FilterSyntaxException.class)
			.isThrownBy(() -> FilterParser.parse("a = \"" + "x".repeat(FilterParser.MAX_LENGTH) + "\""));
		String deep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "a = 1" + ")".repeat(FilterParser.MAX_DEPTH + 1);
		assertThatExceptionOfType(FilterSyntaxException.class).isThrownBy(() -> FilterParser.parse(deep))
			.satisfies((ex) -> assertThat(ex.position()).isEqualTo(FilterParser.MAX_DEPTH));
		String allowed = "(".repeat(FilterParser.MAX_DEPTH) + "a = 1" + ")".repeat(FilterParser.MAX_DEPTH);
		assertThat(FilterParser.parse(allowed)).isInstanceOf(Comparison.class);
	}

}
