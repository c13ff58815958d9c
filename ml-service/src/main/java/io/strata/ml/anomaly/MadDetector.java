package io.strata.ml.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Rolling median / median absolute deviation over a window of past intervals: an interval
 * is anomalous when it lies more than the sensitivity's threshold of robust standard
 * deviations (1.4826 × MAD) from the median of the intervals before it. Median and MAD
 * ignore the outliers they are meant to find, unlike mean and standard deviation. Counts
 * are noisy even when nothing happens (Poisson: deviation √mean), so the deviation is
 * never taken below √median, nor below 1: a flat series, whose MAD is 0, is not anomalous
 * at its first ±1. Pure code: no I/O, no Spring.
 */
public final class MadDetector {

	/** The MAD of a normal distribution is its standard deviation / 1.4826. */
	static final double MAD_SCALE = 1.4826;

	/** Past intervals each interval is compared with. */
	public static final int WINDOW = 30;

	/** Past intervals needed before an interval is judged at all. */
	public static final int MIN_HISTORY = 5;

	private final double threshold;

	public MadDetector(Sensitivity sensitivity) {
		this.threshold = sensitivity.threshold;
	}

	/** How far from usual an interval may be before it is an anomaly. */
	public enum Sensitivity {

		LOW(6.0), MEDIUM(4.5), HIGH(3.5);

		private final double threshold;

		Sensitivity(double threshold) {
			this.threshold = threshold;
		}

		/** The sensitivity named, {@code medium} when none; null when unknown. */
		public static Sensitivity of(String name) {
			if (name == null || name.isBlank()) {
				return MEDIUM;
			}
			return switch (name.toLowerCase(Locale.ROOT)) {
				case "low" -> LOW;
				case "medium" -> MEDIUM;
				case "high" -> HIGH;
				default -> null;
			};
		}

	}

	/**
	 * One anomalous interval.
	 *
	 * @param index the interval's position in the series
	 * @param value its value
	 * @param expected the median of the intervals before it
	 * @param score how many robust deviations it lies above (positive) or below
	 * (negative) the median
	 */
	public record Anomaly(int index, double value, double expected, double score) {

	}

	/** The anomalous intervals of the series, judging each against those before it. */
	public List<Anomaly> detect(double[] series) {
		int first = 0;
		while (first < series.length && series[first] == 0) {
			first++;
		}
		List<Anomaly> anomalies = new ArrayList<>();
		for (int i = first + MIN_HISTORY; i < series.length; i++) {
			double[] window = Arrays.copyOfRange(series, Math.max(first, i - WINDOW), i);
			double median = median(window);
			double[] deviations = new double[window.length];
			for (int j = 0; j < window.length; j++) {
				deviations[j] = Math.abs(window[j] - median);
			}
			double deviation = Math.max(MAD_SCALE * median(deviations), Math.max(Math.sqrt(Math.abs(median)), 1.0));
			double score = (series[i] - median) / deviation;
			if (Math.abs(score) > this.threshold) {
				anomalies.add(new Anomaly(i, series[i], median, score));
			}
		}
		return anomalies;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
