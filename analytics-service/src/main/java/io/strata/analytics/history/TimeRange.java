package io.strata.analytics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.strata.analytics.search.FilterQueries;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

/** {@code start_time} (inclusive) to {@code end_time} (exclusive), RFC 3339. */
record TimeRange(Instant start, Instant end) {

	static TimeRange of(String start, String end, Duration defaultSpan) {
		Instant to = (end == null || end.isBlank()) ? Instant.now() : parse(end, "end_time");
		Instant from = (start == null || start.isBlank()) ? to.minus(defaultSpan) : parse(start, "start_time");
		if (!from.isBefore(to)) {
			throw ProblemException.invalid("start_time must be before end_time.",
					List.of(new FieldViolation("/start_time", "must be before end_time")));
		}
		return new TimeRange(from, to);
	}

	private static Instant parse(String value, String name) {
		Instant instant = (value.length() <= 64) ? FilterQueries.instant(value) : null;
		if (instant == null) {
			throw ProblemException.invalid(name + " must be an RFC 3339 timestamp.",
					List.of(new FieldViolation("/" + name, "not an RFC 3339 timestamp")));
		}
		return instant;
	}

}
