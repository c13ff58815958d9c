package io.strata.ml.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.strata.platform.problem.FieldViolation;

/**
 * What a detector is made of, checked the same for a preview and a saved detector: an
 * event type to count, an interval (minutes, hours or days) and a sensitivity. Also the
 * judging of a range of its intervals, which both share.
 */
final class DetectorDefinitions {

	private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,3})([mhd])");

	/** Longer intervals would judge against history older than the counts are kept. */
	static final Duration MAX_INTERVAL = Duration.ofDays(1);

	private DetectorDefinitions() {
	}

	record Definition(String eventType, String intervalText, Duration interval, MadDetector.Sensitivity sensitivity) {

	}

	record Found(Instant start, double value, double expected, double score) {

	}

	/** The definition, or null with the reasons added to {@code violations}. */
	static Definition check(String eventType, String interval, String sensitivity, List<FieldViolation> violations) {
		int before = violations.size();
		if (eventType == null || eventType.isBlank() || eventType.length() > 200) {
			violations.add(new FieldViolation("/metric/event_type", "required, at most 200 characters"));
		}
		String intervalText = (interval != null) ? interval : "1m";
		Matcher matcher = INTERVAL.matcher(intervalText);
		Duration length = null;
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			length = switch (matcher.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				default -> Duration.ofMinutes(amount);
			};
		}
		if (length == null || length.compareTo(MAX_INTERVAL) > 0) {
			violations.add(new FieldViolation("/interval",
					"a number of minutes, hours or days up to 1d, such as 1m, 15m, 1h, 1d"));
		}
		MadDetector.Sensitivity level = MadDetector.Sensitivity.of(sensitivity);
		if (level == null) {
			violations.add(new FieldViolation("/sensitivity", "one of low, medium, high"));
		}
		return (violations.size() > before) ? null : new Definition(eventType, intervalText, length, level);
	}

	/**
	 * The anomalous intervals among {@code intervals} from {@code start}, with the series
	 * and each interval's values in previous weeks (see
	 * {@link MadDetector#detect(double[], double[][])}).
	 */
	static List<Found> judge(double[] series, double[][] previousWeeks, Definition definition, Instant start) {
		List<Found> found = new ArrayList<>();
		for (MadDetector.Anomaly anomaly : new MadDetector(definition.sensitivity()).detect(series, previousWeeks)) {
			found.add(new Found(start.plus(definition.interval().multipliedBy(anomaly.index())), anomaly.value(),
					anomaly.expected(), anomaly.score()));
		}
		return found;
	}

	/** The start of the interval that holds {@code instant}. */
	static Instant floor(Instant instant, Duration interval) {
		long seconds = interval.toSeconds();
		return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
	}

}
