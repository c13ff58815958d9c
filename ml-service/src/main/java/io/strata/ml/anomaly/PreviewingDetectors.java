package io.strata.ml.anomaly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Backtests a detector over the counts already kept, before it is saved: which closed
 * intervals of the range it would have reported. Only closed intervals are judged: the
 * current one is still filling.
 */
@Component
class PreviewingDetectors {

	static final int MAX_INTERVALS = 10_080;

	private final EventCounts counts;

	private final Clock clock;

	PreviewingDetectors(EventCounts counts) {
		this.counts = counts;
		this.clock = Clock.systemUTC();
	}

	/** What to backtest: the detector's definition and the range. */
	record Preview(String eventType, String interval, String sensitivity, String startTime, String endTime) {

	}

	record Result(Duration interval, Instant start, Instant end, double[] values,
			List<DetectorDefinitions.Found> anomalies) {

	}

	Result preview(String tenantId, Preview preview) {
		List<FieldViolation> violations = new ArrayList<>();
		DetectorDefinitions.Definition definition = DetectorDefinitions.check(preview.eventType(), preview.interval(),
				preview.sensitivity(), violations);
		Instant end = time(preview.endTime(), "/end_time", violations);
		Instant start = time(preview.startTime(), "/start_time", violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The detector cannot be previewed: " + violations.getFirst().pointer() + " "
					+ violations.getFirst().message() + ".", violations);
		}
		Duration interval = definition.interval();
		Instant closed = DetectorDefinitions.floor(this.clock.instant(), interval);
		end = (end == null || end.isAfter(closed)) ? closed : DetectorDefinitions.floor(end, interval);
		start = (start == null) ? end.minus(interval.multipliedBy(MadDetector.WINDOW * 2L))
				: DetectorDefinitions.floor(start, interval);
		long intervals = Duration.between(start, end).dividedBy(interval);
		if (intervals <= 0 || intervals > MAX_INTERVALS) {
			throw ProblemException.invalid("The range must hold between 1 and " + MAX_INTERVALS + " closed intervals.",
					List.of(new FieldViolation("/start_time", "range of 1 to " + MAX_INTERVALS + " intervals")));
		}
		double[] series = this.counts.series(tenantId, definition.eventType(), start, interval, (int) intervals);
		double[][] previousWeeks = this.counts.previousWeeks(tenantId, definition.eventType(), start, interval,
				(int) intervals);
		return new Result(interval, start, end, series,
				DetectorDefinitions.judge(series, previousWeeks, definition, start));
	}

	private static Instant time(String text, String pointer, List<FieldViolation> violations) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			violations.add(new FieldViolation(pointer, "an RFC 3339 UTC timestamp such as 2024-05-01T00:00:00Z"));
			return null;
		}
	}

}
