package io.strata.ml.model;

/**
 * Why a training could not make a model (too few rows, one class only, values of mixed
 * kinds): recorded on the version as its failure reason.
 */
class TrainingFailure extends RuntimeException {

	TrainingFailure(String reason) {
		super(reason);
	}

}
