package io.strata.workflow.engine.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as definitions write them: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}
 * or ISO-8601 ({@code PT5S}). Spring's DurationStyle reads the same, but domain code
 * stays free of Spring.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

	private Durations() {
	}

	public static Duration parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		Matcher simple = SIMPLE.matcher(value);
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			return switch (simple.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("not a duration (500ms, 5s, 2m, 1h, PT5S): " + text);
		}
	}

}
