package io.strata.ml.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a version is, stored beside its artifact: the source it was trained from, its
 * feature schema, classes, hold-out metrics, training-set size and data fingerprint, the
 * library that made it, and its state. A version is written once as {@code training} and
 * once more as {@code ready} or {@code failed}; a ready version never changes.
 */
record Manifest(String name, int version, String state, @Nullable String failureReason, String task, String algorithm,
		Source source, @Nullable FeatureSchema schema, List<String> labels, Map<String, Double> metrics,
		int trainingRows, int holdoutRows, @Nullable String dataFingerprint, Map<String, String> library,
		Instant createdAt, @Nullable Instant finishedAt) {

	static final String TRAINING = "training";

	static final String READY = "ready";

	static final String FAILED = "failed";

	/** Where the training rows come from. */
	record Source(String resourceType, List<String> features, String target, @Nullable String filter) {

	}

	static Manifest training(String name, int version, ModelTask task, Algorithm algorithm, Source source,
			Map<String, String> library) {
		return new Manifest(name, version, TRAINING, null, task.wire(), algorithm.wire(), source, null, List.of(),
				Map.of(), 0, 0, null, library, Instant.now(), null);
	}

	Manifest ready(XgboostTraining.Trained trained) {
		return new Manifest(this.name, this.version, READY, null, this.task, this.algorithm, this.source,
				trained.schema(), trained.labels(), trained.metrics(), trained.trainingRows(), trained.holdoutRows(),
				trained.fingerprint(), this.library, this.createdAt, Instant.now());
	}

	Manifest failed(String reason) {
		return new Manifest(this.name, this.version, FAILED, reason, this.task, this.algorithm, this.source, null,
				List.of(), Map.of(), 0, 0, null, this.library, this.createdAt, Instant.now());
	}

	ModelTask modelTask() {
		return ModelTask.of(this.task);
	}

}
