package io.strata.platform.filter;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Hostile input never escapes as anything but a {@link FilterSyntaxException} (a 400), so
 * no filter a caller sends can answer 5xx. Seeded, so a failure reproduces; the seed and
 * input are in the message.
 */
class FilterParserFuzzTests {

	private static final List<String> FRAGMENTS = List.of("a", "attributes.priority", "state", ".", "..", "=", "!=",
			"<", "<=", ">", ">=", ":", "*", "AND", "OR", "NOT", "-", "(", ")", "\"", "'", "\\", "\"x\"", "'y'", "1",
			"-1", "1.5", "1e9", "1e99999999999", "9".repeat(400), "true", "false", "2024-05-01", "2024-05-01T10:00:00Z",
			"2024-13-45T99:99:99Z", "0000-00-00", " ", "\t", "\n", "\u0000", "é", "😀", "\uD800", "${jndi:x}", "%",
			"' OR 1=1 --", "{\"match_all\":{}}", "tenant_id", "_id", "AND AND", "((", "))");

	private static final String ALPHABET = "abcXYZ_019.=!<>:*-()\"'\\ \t\r\n{}[],;#$%&|~`^@?/+\u0000\u00e9\u4e2d";

	@Test
	void arbitraryInputYieldsAFilterOrASyntaxError() {
		long seed = 160L;
		Random random = new Random(seed);
		int parsed = 0;
		int rejected = 0;
		for (int i = 0; i < 20_000; i++) {
			String input = (i % 2 == 0) ? fromFragments(random) : fromAlphabet(random);
			try {
				assertThat(FilterParser.parse(input)).isNotNull();
				parsed++;
			}
			catch (FilterSyntaxException ex) {
				assertThat(ex.position()).isBetween(0, Math.max(input.length(), FilterParser.MAX_LENGTH));
				assertThat(ex.getMessage()).startsWith("Invalid filter at position ");
				rejected++;
			}
			catch (RuntimeException | StackOverflowError ex) {
				fail("seed " + seed + ", input #" + i + " [" + input + "] threw " + ex, ex);
			}
		}
		// The generator must exercise both outcomes, or it tests nothing.
		assertThat(parsed).isGreaterThan(100);
		assertThat(rejected).isGreaterThan(100);
	}

	@Test
	void pathologicalShapes() {
		List<String> inputs = List.of("(".repeat(100_000), ")".repeat(10_000), "NOT ".repeat(1000) + "a = 1",
				"a = 1 AND ".repeat(300) + "a = 1", "a = 1 OR ".repeat(300) + "a = 1", "-".repeat(3000),
				"\"".repeat(3001), "a" + ".a".repeat(2000) + " = 1", "\uD800\uDC00".repeat(100));
		for (String input : inputs) {
			try {
				FilterParser.parse(input);
			}
			catch (FilterSyntaxException ex) {
				// expected for most of them
			}
		}
		assertThat(FilterParser.parse("a = 1 AND ".repeat(300) + "a = 1")).isInstanceOf(Filter.And.class);
	}

	private static String fromFragments(Random random) {
		StringBuilder input = new StringBuilder();
		int count = 1 + random.nextInt(12);
		for (int i = 0; i < count; i++) {
			if (random.nextInt(3) == 0) {
				input.append(valid(random));
			}
			else {
				input.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
			}
			if (random.nextBoolean()) {
				input.append(' ');
			}
		}
		return input.toString();
	}

	private static String valid(Random random) {
		String[] paths = { "state", "attributes.priority", "type", "created_at" };
		String[] ops = { "=", "!=", "<", "<=", ">", ">=", ":" };
		String[] values = { "1", "\"open\"", "true", "2024-05-01T00:00:00Z", "*", "closed", "-3.25" };
		String restriction = paths[random.nextInt(paths.length)] + " " + ops[random.nextInt(ops.length)] + " "
				+ values[random.nextInt(values.length)];
		return switch (random.nextInt(4)) {
			case 0 -> restriction + " AND " + restriction;
			case 1 -> "NOT (" + restriction + " OR " + restriction + ")";
			default -> restriction;
		};
	}

	private static String fromAlphabet(Random random) {
		int length = random.nextInt(60);
		StringBuilder input = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			input.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return input.toString();
	}

}
