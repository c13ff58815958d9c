package io.strata.ml.anomaly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

	private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,3})([mhd])");

	private final EventCounts counts;

	private final Clock clock;

	PreviewingDetectors(EventCounts counts) {
		this.counts = counts;
		this.clock = Clock.systemUTC();
	}

	/** What to backtest: the detector's definition and the range. */
	record Preview(String eventType, String interval, String sensitivity, String startTime, String endTime) {

	}

	record Found(Instant start, double value, double expected, double score) {

	}

	record Result(Duration interval, Instant start, Instant end, double[] values, List<Found> anomalies) {

	}

	Result preview(String tenantId, Preview preview) {
		List<FieldViolation> violations = new ArrayList<>();
		if (preview.eventType() == null || preview.eventType().isBlank() || preview.eventType().length() > 200) {
			violations.add(new FieldViolation("/metric/event_type", "required, at most 200 characters"));
		}
		Duration interval = interval(preview.interval(), violations);
		MadDetector.Sensitivity sensitivity = MadDetector.Sensitivity.of(preview.sensitivity());
		if (sensitivity == null) {
			violations.add(new FieldViolation("/sensitivity", "one of low, medium, high"));
		}
		Instant end = time(preview.endTime(), "/end_time", violations);
		Instant start = time(preview.startTime(), "/start_time", violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The detector cannot be previewed: " + violations.getFirst().pointer() + " "
					+ violations.getFirst().message() + ".", violations);
		}
		Instant closed = floor(this.clock.instant(), interval);
		end = (end == null || end.isAfter(closed)) ? closed : floor(end, interval);
		start = (start == null) ? end.minus(interval.multipliedBy(MadDetector.WINDOW * 2L)) : floor(start, interval);
		long intervals = Duration.between(start, end).dividedBy(interval);
		if (intervals <= 0 || intervals > MAX_INTERVALS) {
			throw ProblemException.invalid("The range must hold between 1 and " + MAX_INTERVALS + " closed intervals.",
					List.of(new FieldViolation("/start_time", "range of 1 to " + MAX_INTERVALS + " intervals")));
		}
		double[] series = this.counts.series(tenantId, preview.eventType(), start, interval, (int) intervals);
		List<Found> anomalies = new ArrayList<>();
		for (MadDetector.Anomaly anomaly : new MadDetector(sensitivity).detect(series)) {
			anomalies.add(new Found(start.plus(interval.multipliedBy(anomaly.index())), anomaly.value(),
					anomaly.expected(), anomaly.score()));
		}
		return new Result(interval, start, end, series, anomalies);
	}

	private static Duration interval(String text, List<FieldViolation> violations) {
		Matcher matcher = INTERVAL.matcher((text != null) ? text : "1m");
		if (!matcher.matches()) {
			violations
				.add(new FieldViolation("/interval", "a number of minutes, hours or days such as 1m, 15m, 1h, 1d"));
			return Duration.ofMinutes(1);
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "h" -> Duration.ofHours(amount);
			case "d" -> Duration.ofDays(amount);
			default -> Duration.ofMinutes(amount);
		};
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

	private static Instant floor(Instant instant, Duration interval) {
		long seconds = interval.toSeconds();
		return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
	}

}
