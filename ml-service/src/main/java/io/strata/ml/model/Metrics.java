package io.strata.ml.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Hold-out metrics of a version: accuracy and macro F1 for classification (and ROC AUC
 * when there are two classes), RMSE and MAE for regression, next to the RMSE of always
 * predicting the training mean (the baseline a model must beat).
 */
final class Metrics {

	private Metrics() {
	}

	/**
	 * @param actual each hold-out row's class index
	 * @param probabilities each row's probability per class
	 */
	static Map<String, Double> classification(int[] actual, float[][] probabilities, int classes) {
		int n = actual.length;
		int[] predicted = new int[n];
		int correct = 0;
		for (int i = 0; i < n; i++) {
			predicted[i] = argmax(probabilities[i]);
			if (predicted[i] == actual[i]) {
				correct++;
			}
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("accuracy", (double) correct / n);
		double f1 = 0;
		for (int c = 0; c < classes; c++) {
			int tp = 0;
			int fp = 0;
			int fn = 0;
			for (int i = 0; i < n; i++) {
				if (predicted[i] == c && actual[i] == c) {
					tp++;
				}
				else if (predicted[i] == c) {
					fp++;
				}
				else if (actual[i] == c) {
					fn++;
				}
			}
			f1 += (tp == 0) ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
		}
		metrics.put("f1", f1 / classes);
		if (classes == 2) {
			double[] scores = IntStream.range(0, n).mapToDouble((i) -> probabilities[i][1]).toArray();
			metrics.put("roc_auc", rocAuc(actual, scores));
		}
		return metrics;
	}

	static Map<String, Double> regression(double[] actual, double[] predicted, double trainingMean) {
		double squared = 0;
		double absolute = 0;
		double baseline = 0;
		for (int i = 0; i < actual.length; i++) {
			double error = predicted[i] - actual[i];
			squared += error * error;
			absolute += Math.abs(error);
			baseline += (trainingMean - actual[i]) * (trainingMean - actual[i]);
		}
		Map<String, Double> metrics = new LinkedHashMap<>();
		metrics.put("rmse", Math.sqrt(squared / actual.length));
		metrics.put("mae", absolute / actual.length);
		metrics.put("baseline_rmse", Math.sqrt(baseline / actual.length));
		return metrics;
	}

	/**
	 * The probability that a random positive scores above a random negative (ties count
	 * half): the Mann–Whitney U statistic over average ranks. NaN without both classes.
	 */
	static double rocAuc(int[] actual, double[] scores) {
		Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]));
		double positiveRanks = 0;
		long positives = 0;
		int i = 0;
		while (i < order.length) {
			int j = i;
			while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
				j++;
			}
			double rank = (i + j) / 2.0 + 1;
			for (int k = i; k <= j; k++) {
				if (actual[order[k]] == 1) {
					positiveRanks += rank;
					positives++;
				}
			}
			i = j + 1;
		}
		long negatives = scores.length - positives;
		if (positives == 0 || negatives == 0) {
			return Double.NaN;
		}
		return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
	}

	static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
