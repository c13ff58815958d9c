package io.strata.ml.anomaly;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.strata.ml.anomaly.MadDetector.Anomaly;
import io.strata.ml.anomaly.MadDetector.Sensitivity;

import static org.assertj.core.api.Assertions.assertThat;

/** The detector as a table of series: what it must find, what it must leave alone. */
class MadDetectorTests {

	@ParameterizedTest
	@EnumSource(Sensitivity.class)
	void aFlatSeriesHasNoAnomaly(Sensitivity sensitivity) {
		for (double level : new double[] { 0, 1, 5, 100, 10_000 }) {
			double[] flat = new double[60];
			Arrays.fill(flat, level);
			assertThat(new MadDetector(sensitivity).detect(flat)).as("flat at %s", level).isEmpty();
		}
	}

	@ParameterizedTest
	@EnumSource(Sensitivity.class)
	void tenTimesTheUsualRateIsFoundAtItsInterval(Sensitivity sensitivity) {
		for (double level : new double[] { 1, 5, 100, 10_000 }) {
			double[] series = noisy(60, level, 7);
			series[50] = level * 10;
			assertThat(new MadDetector(sensitivity).detect(series)).as("spike over %s", level)
				.extracting(Anomaly::index)
				.containsExactly(50);
		}
	}

	@Test
	void ordinaryPoissonNoiseIsNotAnAnomaly() {
		for (int seed = 0; seed < 20; seed++) {
			assertThat(new MadDetector(Sensitivity.MEDIUM).detect(noisy(200, 20, seed))).as("seed %s", seed).isEmpty();
		}
	}

	@Test
	void aDropToNothingIsFoundBelowTheMedian() {
		double[] series = noisy(40, 100, 3);
		series[35] = 0;
		assertThat(new MadDetector(Sensitivity.MEDIUM).detect(series)).singleElement().satisfies((anomaly) -> {
			assertThat(anomaly.index()).isEqualTo(35);
			assertThat(anomaly.score()).isNegative();
			assertThat(anomaly.expected()).isBetween(80.0, 120.0);
		});
	}

	@Test
	void tooShortAHistoryJudgesNothing() {
		assertThat(new MadDetector(Sensitivity.HIGH).detect(new double[] { 1, 1, 1, 1, 1000 })).isEmpty();
		assertThat(new MadDetector(Sensitivity.HIGH).detect(new double[] { 1, 1, 1, 1, 1, 1000 }))
			.extracting(Anomaly::index)
			.containsExactly(5);
	}

	@Test
	void historyBeginsWhenTheEventTypeIsFirstSeen() {
		double[] series = new double[60];
		Arrays.fill(series, 20, 60, 5);
		assertThat(new MadDetector(Sensitivity.HIGH).detect(series)).isEmpty();
		series[50] = 50;
		assertThat(new MadDetector(Sensitivity.HIGH).detect(series)).extracting(Anomaly::index).containsExactly(50);
		// judged only after enough history since the first event
		series[22] = 50;
		assertThat(new MadDetector(Sensitivity.HIGH).detect(series)).extracting(Anomaly::index).containsExactly(50);
	}

	@Test
	void sensitivitiesAreNamed() {
		assertThat(Sensitivity.of(null)).isEqualTo(Sensitivity.MEDIUM);
		assertThat(Sensitivity.of("HIGH")).isEqualTo(Sensitivity.HIGH);
		assertThat(Sensitivity.of("extreme")).isNull();
	}

	/** Counts around a mean with Poisson-like noise (normal approximation). */
	private static double[] noisy(int length, double mean, long seed) {
		Random random = new Random(seed);
		double[] series = new double[length];
		for (int i = 0; i < length; i++) {
			series[i] = Math.max(0, Math.round(mean + random.nextGaussian() * Math.sqrt(mean)));
		}
		return series;
	}

}
