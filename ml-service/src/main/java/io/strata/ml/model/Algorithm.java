package io.strata.ml.model;

import java.util.Locale;

/**
 * How a model learns: gradient-boosted trees (the default), or a linear model (logistic
 * regression for classes, linear regression for numbers) as the simple option. Both are
 * XGBoost boosters, so one library trains, stores and serves every version.
 */
enum Algorithm {

	GRADIENT_BOOSTED_TREES("gbtree"), LINEAR("gblinear");

	private final String booster;

	Algorithm(String booster) {
		this.booster = booster;
	}

	String booster() {
		return this.booster;
	}

	String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Algorithm of(String wire) {
		for (Algorithm algorithm : values()) {
			if (algorithm.wire().equals(wire)) {
				return algorithm;
			}
		}
		return null;
	}

}
