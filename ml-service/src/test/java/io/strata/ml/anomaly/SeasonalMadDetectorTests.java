package io.strata.ml.anomaly;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.strata.ml.anomaly.MadDetector.Anomaly;
import io.strata.ml.anomaly.MadDetector.Sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Weekly seasonality as a table of scenarios: hourly counts from Saturday 00:00 to
 * Wednesday 24:00 (120 intervals; Monday 09:00 is interval 57), each with its values in
 * the previous weeks, and the intervals the detector must report.
 */
class SeasonalMadDetectorTests {

	static final int HOURS = 120;

	/** Interval 0 is Saturday 00:00: the hour of the week, Monday 00:00 being 0. */
	static final int SATURDAY = 5 * 24;

	static final int MONDAY_9 = 57;

	static final int TUESDAY_10 = 82;

	/** 20 events an hour, but 200 on Mondays from 9 to 12. */
	static final IntToDoubleFunction MONDAY_PEAK = (hourOfWeek) -> (hourOfWeek >= 9 && hourOfWeek < 12) ? 200 : 20;

	/** 20 an hour by day, 5 by night. */
	static final IntToDoubleFunction DAYS_AND_NIGHTS = (hourOfWeek) -> (hourOfWeek % 24 >= 8 && hourOfWeek % 24 < 20)
			? 20 : 5;

	record Scenario(String name, double[] series, double[][] previousWeeks, List<Integer> expected) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Scenario> scenarios() {
		return Stream.of(
				new Scenario("a Monday peak seen the 4 weeks before is usual", week(MONDAY_PEAK, 0),
						weeks(MONDAY_PEAK, 4), List.of()),
				new Scenario("a Monday peak seen the 2 weeks before is usual", week(MONDAY_PEAK, 0),
						weeks(MONDAY_PEAK, 2), List.of()),
				new Scenario("days and nights seen before are usual", week(DAYS_AND_NIGHTS, 0),
						weeks(DAYS_AND_NIGHTS, 4), List.of()),
				new Scenario("less than 2 weeks known: the rolling window finds the Monday peak", week(MONDAY_PEAK, 0),
						weeks(MONDAY_PEAK, 1), List.of(MONDAY_9, MONDAY_9 + 1, MONDAY_9 + 2)),
				new Scenario("nothing known: the rolling window finds the Monday peak", week(MONDAY_PEAK, 0),
						new double[HOURS][], List.of(MONDAY_9, MONDAY_9 + 1, MONDAY_9 + 2)),
				new Scenario("10 times the rate on a Tuesday is still an anomaly",
						spike(week(MONDAY_PEAK, 0), TUESDAY_10, 200), weeks(MONDAY_PEAK, 4), List.of(TUESDAY_10)),
				new Scenario("10 times the Monday peak is still an anomaly",
						spike(week(MONDAY_PEAK, 0), MONDAY_9 + 1, 2000), weeks(MONDAY_PEAK, 4), List.of(MONDAY_9 + 1)),
				new Scenario("the Monday peak missing is an anomaly (below)", flatten(week(MONDAY_PEAK, 0)),
						weeks(MONDAY_PEAK, 4), List.of(MONDAY_9, MONDAY_9 + 1, MONDAY_9 + 2)),
				new Scenario("a flat series gives none", flat(20), flatWeeks(20, 4), List.of()),
				new Scenario("a flat series of nothing gives none", flat(0), flatWeeks(0, 4), List.of()),
				new Scenario("a flat series with a week of an old peak gives none", flat(20),
						withOldPeak(flatWeeks(20, 4)), List.of()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void judgesEachIntervalAgainstTheSameSlotOfPreviousWeeks(Scenario scenario) {
		assertThat(new MadDetector(Sensitivity.MEDIUM).detect(scenario.series(), scenario.previousWeeks()))
			.extracting(Anomaly::index)
			.containsExactlyElementsOf(scenario.expected());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scenarios")
	void everySensitivityFindsTenTimesTheUsualRate(Scenario scenario) {
		if (!scenario.expected().isEmpty()) {
			return;
		}
		double[] spiked = spike(scenario.series(), TUESDAY_10, Math.max(10 * scenario.series()[TUESDAY_10], 10));
		for (Sensitivity sensitivity : Sensitivity.values()) {
			assertThat(new MadDetector(sensitivity).detect(spiked, scenario.previousWeeks())).as("%s", sensitivity)
				.extracting(Anomaly::index)
				.containsExactly(TUESDAY_10);
		}
	}

	/** Poisson-like counts (normal approximation) of the pattern, weeksAgo weeks back. */
	static double[] week(IntToDoubleFunction pattern, int weeksAgo) {
		Random random = new Random(31L * weeksAgo + 7);
		double[] series = new double[HOURS];
		for (int i = 0; i < HOURS; i++) {
			double mean = pattern.applyAsDouble((SATURDAY + i) % (7 * 24));
			series[i] = Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
		}
		return series;
	}

	/** Each interval's values 1 to n weeks before. */
	static double[][] weeks(IntToDoubleFunction pattern, int n) {
		double[][] before = new double[n][];
		for (int k = 0; k < n; k++) {
			before[k] = week(pattern, k + 1);
		}
		double[][] weeks = new double[HOURS][n];
		for (int i = 0; i < HOURS; i++) {
			for (int k = 0; k < n; k++) {
				weeks[i][k] = before[k][i];
			}
		}
		return weeks;
	}

	static double[] flat(double level) {
		double[] series = new double[HOURS];
		Arrays.fill(series, level);
		return series;
	}

	static double[][] flatWeeks(double level, int n) {
		double[][] weeks = new double[HOURS][n];
		for (double[] row : weeks) {
			Arrays.fill(row, level);
		}
		return weeks;
	}

	/** A peak 3 weeks ago at the Monday peak's hours only: one week is no pattern. */
	static double[][] withOldPeak(double[][] weeks) {
		for (int i = MONDAY_9; i < MONDAY_9 + 3; i++) {
			weeks[i][2] = 200;
		}
		return weeks;
	}

	static double[] spike(double[] series, int index, double value) {
		double[] spiked = series.clone();
		spiked[index] = value;
		return spiked;
	}

	/** The series with the Monday peak's hours at the ordinary rate. */
	static double[] flatten(double[] series) {
		double[] flattened = series.clone();
		for (int i = MONDAY_9; i < MONDAY_9 + 3; i++) {
			flattened[i] = 20;
		}
		return flattened;
	}

}
