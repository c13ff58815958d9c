package io.strata.ml.model;

import java.math.BigDecimal;

/** What a booster's raw output means, shared by training's scoring and by predicting. */
final class Predictions {

	private Predictions() {
	}

	/**
	 * Each row's probability per class: XGBoost gives one probability (of the second
	 * class) for two classes, and one per class otherwise.
	 */
	static float[][] probabilities(float[][] raw, int classes) {
		if (classes != 2) {
			return raw;
		}
		float[][] probabilities = new float[raw.length][];
		for (int i = 0; i < raw.length; i++) {
			probabilities[i] = new float[] { 1 - raw[i][0], raw[i][0] };
		}
		return probabilities;
	}

	/** A target value as a class label: text as is, 3.0 as "3", true as "true". */
	static String label(Object value) {
		if (value instanceof Double number) {
			return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
		}
		return String.valueOf(value);
	}

}
