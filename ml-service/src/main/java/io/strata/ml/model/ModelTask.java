package io.strata.ml.model;

import java.util.Locale;

/** What a model predicts: a class with probabilities, or a number. */
enum ModelTask {

	CLASSIFICATION, REGRESSION;

	String wire() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ModelTask of(String wire) {
		for (ModelTask task : values()) {
			if (task.wire().equals(wire)) {
				return task;
			}
		}
		return null;
	}

}
