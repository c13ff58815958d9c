package io.strata.ml.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Starting a training: checks the request, reads the rows with the caller's token
 * ({@link TrainingRows}), checks the features and target against the attributes found,
 * takes the next version number and records the version as {@code training}; the fit
 * itself runs in the background, one at a time (training is CPU-bound and the machine
 * serves predictions too), and ends the version as {@code ready} or {@code failed} with
 * the reason, which {@link ModelEvents} publishes. A training holds a lease while it
 * waits and runs ({@link TrainingLeases}); one that a dead instance held is failed by
 * {@link RecoveringTrainings}.
 */
@Component
class TrainingModels implements DisposableBean {

	static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

	private static final Logger log = LoggerFactory.getLogger(TrainingModels.class);

	private static final int MAX_FEATURES = 200;

	private static final Map<String, String> LIBRARY = Map.of("xgboost4j", xgboostVersion());

	private final TrainingRows rows;

	private final ModelRegistry registry;

	private final StringRedisTemplate redis;

	private final ModelEvents events;

	private final TrainingLeases leases;

	private final ThreadPoolExecutor trainer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new ArrayBlockingQueue<>(16), Thread.ofPlatform().name("ml-training").daemon().factory());

	TrainingModels(TrainingRows rows, ModelRegistry registry, StringRedisTemplate redis, ModelEvents events,
			TrainingLeases leases) {
		this.rows = rows;
		this.registry = registry;
		this.redis = redis;
		this.events = events;
		this.leases = leases;
	}

	record Train(String name, String task, Manifest.Source source, String algorithm) {

	}

	Manifest start(String tenant, String bearerToken, Train command) {
		List<FieldViolation> violations = new ArrayList<>();
		if (command.name() == null || !NAME.matcher(command.name()).matches()) {
			violations.add(new FieldViolation("/name",
					"required: lower-case letters, digits, _ and -, starting with a letter or digit, at most 63"));
		}
		ModelTask task = ModelTask.of(command.task());
		if (task == null) {
			violations.add(new FieldViolation("/task", "required: classification or regression"));
		}
		Algorithm algorithm = (command.algorithm() == null) ? Algorithm.GRADIENT_BOOSTED_TREES
				: Algorithm.of(command.algorithm());
		if (algorithm == null) {
			violations.add(new FieldViolation("/algorithm", "gradient_boosted_trees (the default) or linear"));
		}
		Manifest.Source source = command.source();
		if (source == null) {
			violations.add(new FieldViolation("/source", "required"));
		}
		else {
			checkSource(source, violations);
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The model is invalid: " + violations.getFirst().pointer() + " "
					+ violations.getFirst().message() + ".", violations);
		}
		List<Map<String, Object>> data = this.rows.read(tenant, bearerToken, source.resourceType(), source.filter());
		checkAttributes(source, data);
		int version = nextVersion(tenant, command.name());
		Manifest training = Manifest.training(command.name(), version, task, algorithm, source, LIBRARY);
		// the lease before the version: a version recorded as training always has one
		TrainingLeases.Held lease = new TrainingLeases.Held(tenant, command.name(), version);
		this.leases.hold(lease);
		try {
			this.registry.save(tenant, training);
		}
		catch (RuntimeException ex) {
			this.leases.release(lease);
			throw ex;
		}
		try {
			this.trainer.execute(() -> finish(tenant, training, data, lease));
		}
		catch (RejectedExecutionException ex) {
			this.registry.save(tenant, training.failed("Too many trainings are waiting; start it again later."));
			this.leases.release(lease);
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
					"Too many trainings are waiting; try again later.");
		}
		return training;
	}

	private static void checkSource(Manifest.Source source, List<FieldViolation> violations) {
		if (source.resourceType() == null || source.resourceType().isBlank()) {
			violations.add(new FieldViolation("/source/resource_type", "required"));
		}
		if (source.features() == null || source.features().isEmpty() || source.features().size() > MAX_FEATURES) {
			violations.add(new FieldViolation("/source/features", "1 to " + MAX_FEATURES + " attribute names"));
		}
		else {
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < source.features().size(); i++) {
				String feature = source.features().get(i);
				if (feature == null || feature.isBlank() || !seen.add(feature)) {
					violations.add(new FieldViolation("/source/features/" + i, "a distinct attribute name"));
				}
			}
		}
		if (source.target() == null || source.target().isBlank()) {
			violations.add(new FieldViolation("/source/target", "required"));
		}
		else if (source.features() != null && source.features().contains(source.target())) {
			violations.add(new FieldViolation("/source/target", "is one of the features"));
		}
	}

	/**
	 * Features and target must be attributes of the resources read; a typo is a 400
	 * naming the attributes there are. (No rows at all fail the training instead: too few
	 * rows.)
	 */
	private static void checkAttributes(Manifest.Source source, List<Map<String, Object>> data) {
		if (data.isEmpty()) {
			return;
		}
		Set<String> available = new TreeSet<>();
		data.forEach((row) -> available.addAll(row.keySet()));
		List<FieldViolation> violations = new ArrayList<>();
		for (int i = 0; i < source.features().size(); i++) {
			if (!available.contains(source.features().get(i))) {
				violations.add(new FieldViolation("/source/features/" + i, "not an attribute of the resources"));
			}
		}
		if (!available.contains(source.target())) {
			violations.add(new FieldViolation("/source/target", "not an attribute of the resources"));
		}
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("Unknown feature or target; the resources of type " + source.resourceType()
					+ " have the attributes: " + String.join(", ", available) + ".", violations);
		}
	}

	private void finish(String tenant, Manifest training, List<Map<String, Object>> data, TrainingLeases.Held lease) {
		Manifest finished;
		try {
			XgboostTraining.Trained trained = XgboostTraining.train(new XgboostTraining.Spec(training.modelTask(),
					Algorithm.of(training.algorithm()), training.source().features(), training.source().target()),
					data);
			this.registry.saveArtifact(tenant, training.name(), training.version(), trained.artifact());
			finished = training.ready(trained);
		}
		catch (TrainingFailure ex) {
			finished = training.failed(ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.warn("Training {} version {} of {} failed", training.name(), training.version(), tenant, ex);
			finished = training.failed("Training failed: " + ex.getMessage());
		}
		try {
			this.registry.save(tenant, finished);
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the end of training {} version {} of {}; its lease will run out and "
					+ "the version be failed", training.name(), training.version(), tenant, ex);
			this.leases.abandon(lease);
			return;
		}
		this.leases.release(lease);
		this.events.finished(tenant, finished);
	}

	/**
	 * The next version number from Redis, never at or below one S3 already holds (should
	 * Redis have lost its counter).
	 */
	private int nextVersion(String tenant, String name) {
		String key = "ml:model-versions:{" + tenant + "}:" + name;
		long next = this.redis.opsForValue().increment(key);
		int highest = this.registry.versions(tenant, name).stream().mapToInt(Manifest::version).max().orElse(0);
		if (next <= highest) {
			next = this.redis.opsForValue().increment(key, highest + 1 - next);
		}
		return Math.toIntExact(next);
	}

	private static String xgboostVersion() {
		try (InputStream in = ml.dmlc.xgboost4j.java.XGBoost.class
			.getResourceAsStream("/META-INF/maven/ml.dmlc/xgboost4j_2.12/pom.properties")) {
			Properties properties = new Properties();
			if (in != null) {
				properties.load(in);
			}
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void destroy() {
		this.trainer.shutdownNow();
	}

}
