package io.strata.ml.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.jspecify.annotations.Nullable;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Predictions from a tenant's model: by version, by alias, or from the latest ready
 * version. Each instance must hold every feature of the version with a value of the
 * feature's kind, and nothing else; otherwise a 400 names each bad value by its pointer.
 * Another tenant's model is not found (its keys are outside this tenant's key space).
 */
@Component
public class PredictingWithModels {

	static final int MAX_INSTANCES = 1000;

	private final ModelRegistry registry;

	private final LoadedModels models;

	PredictingWithModels(ModelRegistry registry, LoadedModels models) {
		this.registry = registry;
		this.models = models;
	}

	/** Which model and version, and what to score. */
	public record Predict(String name, @Nullable Integer version, @Nullable String alias,
			List<Map<String, Object>> instances) {

	}

	/**
	 * One instance's answer: a label with each class's probability, or a value.
	 */
	public record Prediction(@Nullable String label, @Nullable Map<String, Double> probabilities,
			@Nullable Double value) {

	}

	public record Result(String name, int version, List<Prediction> predictions) {

	}

	public Result predict(String tenant, Predict command) {
		if (command.instances() == null || command.instances().isEmpty()
				|| command.instances().size() > MAX_INSTANCES) {
			throw ProblemException.invalid("1 to " + MAX_INSTANCES + " instances are needed.",
					List.of(new FieldViolation("/instances", "1 to " + MAX_INSTANCES + " instances")));
		}
		LoadedModels.Loaded loaded = resolve(tenant, command);
		FeatureSchema schema = loaded.manifest().schema();
		check(schema, command.instances());
		int columns = schema.columns();
		float[] data = new float[command.instances().size() * columns];
		for (int i = 0; i < command.instances().size(); i++) {
			schema.encode(command.instances().get(i), data, i * columns);
		}
		float[][] raw;
		try {
			DMatrix matrix = new DMatrix(data, command.instances().size(), columns, Float.NaN);
			try {
				raw = loaded.booster().predict(matrix);
			}
			finally {
				matrix.dispose();
			}
		}
		catch (XGBoostError ex) {
			throw new IllegalStateException("XGBoost could not predict", ex);
		}
		return new Result(loaded.manifest().name(), loaded.manifest().version(), answers(loaded.manifest(), raw));
	}

	private static List<Prediction> answers(Manifest manifest, float[][] raw) {
		List<Prediction> predictions = new ArrayList<>(raw.length);
		if (manifest.modelTask() == ModelTask.REGRESSION) {
			for (float[] row : raw) {
				predictions.add(new Prediction(null, null, (double) row[0]));
			}
			return predictions;
		}
		List<String> labels = manifest.labels();
		for (float[] row : Predictions.probabilities(raw, labels.size())) {
			Map<String, Double> probabilities = new LinkedHashMap<>();
			for (int c = 0; c < labels.size(); c++) {
				probabilities.put(labels.get(c), (double) row[c]);
			}
			predictions.add(new Prediction(labels.get(Metrics.argmax(row)), probabilities, null));
		}
		return predictions;
	}

	private LoadedModels.Loaded resolve(String tenant, Predict command) {
		String name = command.name();
		if (name == null || !TrainingModels.NAME.matcher(name).matches()) {
			throw ProblemException.notFound("Model", String.valueOf(name));
		}
		if (command.version() != null && command.alias() != null) {
			throw ProblemException.invalid("Name a version or an alias, not both.",
					List.of(new FieldViolation("/alias", "not with version")));
		}
		int version;
		if (command.version() != null) {
			version = command.version();
		}
		else if (command.alias() != null) {
			// a missing alias is not remembered: the null leaves no entry
			Integer aliased = this.models.pointer(tenant + "/" + name + "/@" + command.alias(),
					(key) -> ManagingModels.ALIAS.matcher(command.alias()).matches()
							? this.registry.alias(tenant, name, command.alias()).orElse(null) : null);
			if (aliased == null) {
				throw ProblemException.notFound("Model alias", name + "@" + command.alias());
			}
			version = aliased;
		}
		else {
			Integer latest = this.models.pointer(tenant + "/" + name + "/@latest",
					(key) -> this.registry.versions(tenant, name)
						.stream()
						.filter((manifest) -> Manifest.READY.equals(manifest.state()))
						.mapToInt(Manifest::version)
						.boxed()
						.reduce((a, b) -> b)
						.orElse(null));
			if (latest == null) {
				throw ProblemException.notFound("Model", name + " (no ready version)");
			}
			version = latest;
		}
		LoadedModels.Loaded loaded = this.models.loaded(tenant, name, version);
		if (loaded != null) {
			return loaded;
		}
		Manifest manifest = this.registry.find(tenant, name, version)
			.orElseThrow(() -> ProblemException.notFound("Model version", name + "/" + version));
		if (!Manifest.READY.equals(manifest.state())) {
			throw ProblemException.conflict("Version " + version + " of model " + name + " is " + manifest.state()
					+ ", not ready: it cannot predict.");
		}
		loaded = this.models.load(tenant, manifest);
		if (loaded == null) {
			throw ProblemException.notFound("Model version", name + "/" + version);
		}
		return loaded;
	}

	private static void check(FeatureSchema schema, List<Map<String, Object>> instances) {
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < instances.size(); i++) {
			Map<String, Object> instance = instances.get(i);
			if (instance == null) {
				violations.add(new FieldViolation("/instances/" + i, "an object of feature values"));
				continue;
			}
			for (FeatureSchema.Feature feature : schema.features()) {
				Object value = instance.get(feature.name());
				String pointer = "/instances/" + i + "/" + feature.name().replace("~", "~0").replace("/", "~1");
				if (value == null) {
					violations.add(new FieldViolation(pointer, "missing: the model needs this feature"));
				}
				else if (FeatureSchema.kindOf(value) != feature.kind()) {
					violations.add(new FieldViolation(pointer, "must be " + switch (feature.kind()) {
						case NUMBER -> "a number";
						case BOOLEAN -> "a boolean";
						case CATEGORY -> "text";
					}));
				}
			}
			for (String key : instance.keySet()) {
				if (!schema.names().contains(key)) {
					violations
						.add(new FieldViolation("/instances/" + i + "/" + key.replace("~", "~0").replace("/", "~1"),
								"not a feature of the model"));
				}
			}
		}
		if (!violations.isEmpty()) {
			throw ProblemException
				.invalid("Some instances do not fit the model; its features are: " + String.join(", ", schema.names())
						+ ". First: " + violations.getFirst().pointer() + " " + violations.getFirst().message() + ".",
						violations);
		}
	}

}
