package io.strata.ml.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class XgboostTrainingTests {

	@Test
	void separableClassesReachAHighHoldOutAccuracyWithEitherAlgorithm() {
		List<Map<String, Object>> rows = Synthetic.separable(400, new Random(1));
		for (Algorithm algorithm : Algorithm.values()) {
			XgboostTraining.Trained trained = XgboostTraining.train(new XgboostTraining.Spec(ModelTask.CLASSIFICATION,
					algorithm, List.of("amount", "country", "verified"), "fraud"), rows);
			assertThat(trained.metrics().get("accuracy")).as(algorithm.name()).isGreaterThan(0.9);
			assertThat(trained.metrics().get("roc_auc")).as(algorithm.name()).isGreaterThan(0.9);
			assertThat(trained.metrics()).containsKey("f1");
			assertThat(trained.labels()).containsExactly("false", "true");
			assertThat(trained.trainingRows()).isEqualTo(320);
			assertThat(trained.holdoutRows()).isEqualTo(80);
			assertThat(trained.artifact()).isNotEmpty();
		}
	}

	@Test
	void theSameDataGivesTheSameFingerprintAndMetrics() {
		List<Map<String, Object>> rows = Synthetic.separable(200, new Random(2));
		XgboostTraining.Spec spec = new XgboostTraining.Spec(ModelTask.CLASSIFICATION, Algorithm.GRADIENT_BOOSTED_TREES,
				List.of("amount", "country"), "fraud");
		XgboostTraining.Trained first = XgboostTraining.train(spec, rows);
		XgboostTraining.Trained second = XgboostTraining.train(spec, rows);
		assertThat(second.fingerprint()).isEqualTo(first.fingerprint()).startsWith("sha256:");
		assertThat(second.metrics()).isEqualTo(first.metrics());
	}

	@Test
	void regressionBeatsTheMeanPredictor() {
		List<Map<String, Object>> rows = Synthetic.linear(300, new Random(3));
		XgboostTraining.Trained trained = XgboostTraining.train(new XgboostTraining.Spec(ModelTask.REGRESSION,
				Algorithm.GRADIENT_BOOSTED_TREES, List.of("size", "rooms"), "price"), rows);
		assertThat(trained.metrics().get("rmse")).isLessThan(trained.metrics().get("baseline_rmse") / 2);
		assertThat(trained.metrics()).containsKey("mae");
	}

	@Test
	void oneClassOnlyOrTooFewRowsFailWithAReason() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			rows.add(Map.of("amount", i, "fraud", false));
		}
		assertThatExceptionOfType(TrainingFailure.class)
			.isThrownBy(() -> XgboostTraining.train(new XgboostTraining.Spec(ModelTask.CLASSIFICATION,
					Algorithm.GRADIENT_BOOSTED_TREES, List.of("amount"), "fraud"), rows))
			.withMessageContaining("Only one class in fraud");
		assertThatExceptionOfType(TrainingFailure.class)
			.isThrownBy(() -> XgboostTraining.train(new XgboostTraining.Spec(ModelTask.CLASSIFICATION,
					Algorithm.GRADIENT_BOOSTED_TREES, List.of("amount"), "fraud"), rows.subList(0, 5)))
			.withMessageContaining("Too few rows");
		List<Map<String, Object>> mixed = new ArrayList<>(rows);
		Map<String, Object> text = new HashMap<>(rows.getFirst());
		text.put("amount", "many");
		mixed.add(text);
		assertThatExceptionOfType(TrainingFailure.class).isThrownBy(() -> XgboostTraining.train(
				new XgboostTraining.Spec(ModelTask.REGRESSION, Algorithm.LINEAR, List.of("amount"), "amount"), mixed))
			.withMessageContaining("Feature amount mixes kinds");
	}

}
