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
 * at its first ±1.
 * <p>
 * With weekly seasonality ({@link #detect(double[], double[][])}): where an interval's
 * value is known in at least {@link #MIN_WEEKS} previous weeks (the same slot: Monday
 * 9:00 for Monday 9:00), it is judged by its residual, its value less the median of those
 * weeks, against the residuals of the intervals before it (median and MAD again). A peak
 * that comes every Monday is then usual on Mondays, while ten times the usual rate still
 * stands out; where fewer weeks are known (a new event type, or a slot older than the
 * kept counts), the interval is judged by the rolling window as before. Pure code: no
 * I/O, no Spring.
 */
public final class MadDetector {

	/** The MAD of a normal distribution is its standard deviation / 1.4826. */
	static final double MAD_SCALE = 1.4826;

	/** Past intervals each interval is compared with. */
	public static final int WINDOW = 30;

	/** Past intervals needed before an interval is judged at all. */
	public static final int MIN_HISTORY = 5;

	/** Previous weeks an interval is compared with, at most. */
	public static final int WEEKS = 4;

	/** Known previous weeks an interval needs to be judged by its weekly residual. */
	public static final int MIN_WEEKS = 2;

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
		return detect(series, new double[series.length][]);
	}

	/**
	 * The anomalous intervals of the series, with weekly seasonality.
	 * @param series the values of consecutive intervals
	 * @param previousWeeks for each interval, its values 1, 2, … weeks before
	 * ({@code NaN} where not known; a null row: no week known)
	 */
	public List<Anomaly> detect(double[] series, double[][] previousWeeks) {
		if (previousWeeks.length != series.length) {
			throw new IllegalArgumentException("previousWeeks must have one row per interval");
		}
		double[] baselines = new double[series.length];
		for (int i = 0; i < series.length; i++) {
			baselines[i] = baseline(previousWeeks[i]);
		}
		int first = 0;
		while (first < series.length && series[first] == 0) {
			first++;
		}
		List<Anomaly> anomalies = new ArrayList<>();
		for (int i = 0; i < series.length; i++) {
			Anomaly anomaly = Double.isNaN(baselines[i]) ? rolling(series, first, i)
					: seasonal(series, baselines, first, i);
			if (anomaly != null && Math.abs(anomaly.score()) > this.threshold) {
				anomalies.add(anomaly);
			}
		}
		return anomalies;
	}

	/** Interval i against the window before it, from the first interval with events. */
	private static Anomaly rolling(double[] series, int first, int i) {
		if (i < first + MIN_HISTORY) {
			return null;
		}
		double[] window = Arrays.copyOfRange(series, Math.max(first, i - WINDOW), i);
		double median = median(window);
		return judge(i, series[i], median, window, median);
	}

	/**
	 * Interval i's residual against the residuals of the window's intervals that have a
	 * weekly baseline; by the rolling window when too few have one.
	 */
	private static Anomaly seasonal(double[] series, double[] baselines, int first, int i) {
		double[] residuals = new double[WINDOW];
		int count = 0;
		for (int j = Math.max(0, i - WINDOW); j < i; j++) {
			if (!Double.isNaN(baselines[j])) {
				residuals[count++] = series[j] - baselines[j];
			}
		}
		if (count < MIN_HISTORY) {
			return rolling(series, first, i);
		}
		double[] window = Arrays.copyOf(residuals, count);
		double usual = median(window);
		return judge(i, series[i], baselines[i] + usual, window, usual);
	}

	/**
	 * How far {@code value} lies from {@code expected}, in robust deviations of the
	 * window around its median {@code center}; never below √expected (Poisson) nor 1.
	 */
	private static Anomaly judge(int index, double value, double expected, double[] window, double center) {
		double[] deviations = new double[window.length];
		for (int j = 0; j < window.length; j++) {
			deviations[j] = Math.abs(window[j] - center);
		}
		double deviation = Math.max(MAD_SCALE * median(deviations), Math.max(Math.sqrt(Math.abs(expected)), 1.0));
		return new Anomaly(index, value, expected, (value - expected) / deviation);
	}

	/**
	 * The median of the known previous weeks, or NaN when fewer than MIN_WEEKS are known.
	 */
	private static double baseline(double[] weeks) {
		if (weeks == null) {
			return Double.NaN;
		}
		double[] known = Arrays.stream(weeks).filter((value) -> !Double.isNaN(value)).toArray();
		return (known.length >= MIN_WEEKS) ? median(known) : Double.NaN;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
