package io.strata.ml.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import io.strata.platform.crypto.Digests;

/**
 * Trains one version with XGBoost: encodes the rows by their {@link FeatureSchema}, holds
 * out a seeded 20 % (the same rows for the same data), fits on the rest and scores the
 * hold-out ({@link Metrics}). No Spring and no I/O: the rows come in, the serialized
 * booster and its manifest facts go out.
 */
final class XgboostTraining {

	/** Fewer rows than this cannot make a hold-out worth measuring. */
	static final int MIN_ROWS = 10;

	static final long SEED = 42;

	static final int ROUNDS = 100;

	private XgboostTraining() {
	}

	/** What a training made: the artifact and what the manifest says about it. */
	record Trained(byte[] artifact, FeatureSchema schema, List<String> labels, Map<String, Double> metrics,
			int trainingRows, int holdoutRows, String fingerprint) {

	}

	record Spec(ModelTask task, Algorithm algorithm, List<String> features, String target) {

	}

	static Trained train(Spec spec, List<Map<String, Object>> all) {
		List<Map<String, Object>> rows = all.stream().filter((row) -> row.get(spec.target()) != null).toList();
		if (rows.size() < MIN_ROWS) {
			throw new TrainingFailure("Too few rows to train on: " + rows.size() + " with a value of " + spec.target()
					+ ", at least " + MIN_ROWS + " needed.");
		}
		FeatureSchema schema = FeatureSchema.infer(spec.features(), rows);
		List<String> labels = (spec.task() == ModelTask.CLASSIFICATION) ? labels(rows, spec.target()) : List.of();
		float[] targets = targets(spec, rows, labels);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(SEED));
		int holdout = Math.max(1, rows.size() / 5);
		List<Integer> testRows = order.subList(0, holdout);
		List<Integer> trainRows = order.subList(holdout, order.size());
		try {
			DMatrix train = matrix(schema, rows, trainRows, targets);
			DMatrix test = matrix(schema, rows, testRows, targets);
			try {
				Booster booster = XGBoost.train(train, params(spec, labels.size()), ROUNDS, Map.of(), null, null);
				try {
					float[][] predicted = booster.predict(test);
					Map<String, Double> metrics = (spec.task() == ModelTask.CLASSIFICATION)
							? Metrics.classification(classes(testRows, targets),
									Predictions.probabilities(predicted, labels.size()), labels.size())
							: Metrics.regression(values(testRows, targets), first(predicted), mean(trainRows, targets));
					metrics.values().removeIf((value) -> value.isNaN());
					return new Trained(booster.toByteArray("ubj"), schema, labels, metrics, trainRows.size(), holdout,
							fingerprint(spec, rows));
				}
				finally {
					booster.dispose();
				}
			}
			finally {
				train.dispose();
				test.dispose();
			}
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException("XGBoost could not train: " + ex.getMessage(), ex);
		}
	}

	/** The classes in the target's values as text, sorted (false before true). */
	private static List<String> labels(List<Map<String, Object>> rows, String target) {
		TreeSet<String> labels = new TreeSet<>();
		for (Map<String, Object> row : rows) {
			labels.add(Predictions.label(row.get(target)));
		}
		if (labels.size() < 2) {
			throw new TrainingFailure(
					"Only one class in " + target + " (" + labels.first() + "): a classifier needs at least two.");
		}
		return List.copyOf(labels);
	}

	private static float[] targets(Spec spec, List<Map<String, Object>> rows, List<String> labels) {
		float[] targets = new float[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			Object value = rows.get(i).get(spec.target());
			if (spec.task() == ModelTask.CLASSIFICATION) {
				targets[i] = labels.indexOf(Predictions.label(value));
			}
			else if (value instanceof Number number) {
				targets[i] = number.floatValue();
			}
			else {
				throw new TrainingFailure("Target " + spec.target() + " holds a value that is not a number (" + value
						+ "): a regression needs numbers.");
			}
		}
		return targets;
	}

	private static Map<String, Object> params(Spec spec, int classes) {
		Map<String, Object> params = new HashMap<>();
		params.put("booster", spec.algorithm().booster());
		params.put("seed", SEED);
		params.put("nthread", 1);
		params.put("verbosity", 0);
		if (spec.algorithm() == Algorithm.GRADIENT_BOOSTED_TREES) {
			params.put("eta", 0.3);
			params.put("max_depth", 6);
		}
		else {
			params.put("eta", 0.5);
			params.put("updater", "coord_descent");
		}
		if (spec.task() == ModelTask.REGRESSION) {
			params.put("objective", "reg:squarederror");
		}
		else if (classes == 2) {
			params.put("objective", "binary:logistic");
		}
		else {
			params.put("objective", "multi:softprob");
			params.put("num_class", classes);
		}
		return params;
	}

	private static DMatrix matrix(FeatureSchema schema, List<Map<String, Object>> rows, List<Integer> which,
			float[] targets) throws XGBoostError {
		int columns = schema.columns();
		float[] data = new float[which.size() * columns];
		float[] labels = new float[which.size()];
		for (int i = 0; i < which.size(); i++) {
			schema.encode(rows.get(which.get(i)), data, i * columns);
			labels[i] = targets[which.get(i)];
		}
		DMatrix matrix = new DMatrix(data, which.size(), columns, Float.NaN);
		matrix.setLabel(labels);
		return matrix;
	}

	private static int[] classes(List<Integer> which, float[] targets) {
		return which.stream().mapToInt((i) -> (int) targets[i]).toArray();
	}

	private static double[] values(List<Integer> which, float[] targets) {
		return which.stream().mapToDouble((i) -> targets[i]).toArray();
	}

	private static double mean(List<Integer> which, float[] targets) {
		return which.stream().mapToDouble((i) -> targets[i]).average().orElse(0);
	}

	private static double[] first(float[][] predicted) {
		double[] values = new double[predicted.length];
		for (int i = 0; i < predicted.length; i++) {
			values[i] = predicted[i][0];
		}
		return values;
	}

	/**
	 * A digest of the training data (features and target of every row, in order): two
	 * versions trained on the same data have the same fingerprint.
	 */
	private static String fingerprint(Spec spec, List<Map<String, Object>> rows) {
		StringBuilder text = new StringBuilder();
		for (Map<String, Object> row : rows) {
			for (String feature : spec.features()) {
				text.append(row.get(feature)).append('\u001f');
			}
			text.append(row.get(spec.target())).append('\u001e');
		}
		return "sha256:" + Digests.sha256Hex(text.toString().getBytes(StandardCharsets.UTF_8));
	}

}
