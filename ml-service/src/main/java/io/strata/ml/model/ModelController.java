package io.strata.ml.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Per-tenant models, {@code /v2/ml/models}: training (202 with the version being made,
 * whose {@code state} is the operation's status: ml cannot write workflow's operations,
 * and the version is the thing the operation makes), versions, aliases and predictions.
 */
@RestController
@RequestMapping("/v2/ml/models")
@Tag(name = "ml")
class ModelController {

	private final TrainingModels training;

	private final ManagingModels managing;

	private final PredictingWithModels predicting;

	private final ListingModels listing;

	ModelController(TrainingModels training, ManagingModels managing, PredictingWithModels predicting,
			ListingModels listing) {
		this.training = training;
		this.managing = managing;
		this.predicting = predicting;
		this.listing = listing;
	}

	@Schema(name = "ModelSource", description = "The resources a model learns from.")
	record SourceBody(@Nullable @Schema(example = "ticket") String resourceType,
			@Nullable @Schema(example = "[\"channel\", \"length\", \"vip\"]") List<String> features,
			@Nullable @Schema(example = "priority") String target, @Nullable @Schema(example = "state = \"closed\"",
					description = "AIP-160 filter on the resources, as in GET /v2/resources") String filter) {

	}

	@Schema(name = "ModelTraining", description = "A model to train: a new version of the named model.")
	record TrainRequest(@Nullable @Schema(example = "ticket-priority") String name,
			@Nullable @Schema(allowableValues = {
					"classification", "regression" }) String task,
			@Nullable SourceBody source, @Nullable @Schema(allowableValues = { "gradient_boosted_trees", "linear" },
					description = "default gradient_boosted_trees") String algorithm){

	}

	@Schema(name = "ModelFeature", description = "A feature of a version and how it is encoded.")
	record FeatureView(@Schema(example = "channel") String name, @Schema(allowableValues = {
			"number", "boolean", "category" }) String kind,
			@Schema(description = "The text values seen in training (category features)") List<String> categories){

	}

	@Schema(name = "ModelVersion",
			description = "A version of a model; state training, then ready (with metrics) or failed (with the reason).")
	record VersionView(@Schema(example = "ticket-priority") String name, @Schema(example = "1") int version,
			@Schema(allowableValues = {
					"training", "ready", "failed" }) String state,
			@Nullable String failureReason, @Schema(example = "classification") String task,
			@Schema(example = "gradient_boosted_trees") String algorithm, SourceBody source, List<FeatureView> features,
			@Schema(description = "The classes (classification)") List<String> labels,
			@Schema(description = "Hold-out metrics: accuracy, f1, roc_auc (two classes); rmse, mae, baseline_rmse") Map<String, Double> metrics,
			int trainingRows, int holdoutRows, @Nullable String dataFingerprint,
			@Schema(description = "Library versions, e.g. xgboost4j") Map<String, String> library, List<String> aliases,
			Instant createdAt, @Nullable Instant finishedAt){

		static VersionView of(Manifest manifest, Map<String, Integer> aliases) {
			Manifest.Source source = manifest.source();
			return new VersionView(manifest.name(), manifest.version(), manifest.state(), manifest.failureReason(),
					manifest.task(), manifest.algorithm(),
					new SourceBody(source.resourceType(), source.features(), source.target(), source.filter()),
					(manifest.schema() != null) ? manifest.schema()
						.features()
						.stream()
						.map((feature) -> new FeatureView(feature.name(), feature.kind().name().toLowerCase(),
								feature.categories()))
						.toList() : List.of(),
					manifest.labels(), manifest.metrics(), manifest.trainingRows(), manifest.holdoutRows(),
					manifest.dataFingerprint(), manifest.library(),
					aliases.entrySet()
						.stream()
						.filter((alias) -> alias.getValue() == manifest.version())
						.map(Map.Entry::getKey)
						.toList(),
					manifest.createdAt(), manifest.finishedAt());
		}

	}

	@Schema(name = "Model", description = "A model: its latest version and that version's state, and its aliases.")
	record ModelView(@Schema(example = "ticket-priority") String name, @Schema(example = "classification") String task,
			@Schema(example = "gradient_boosted_trees") String algorithm, @Schema(example = "3") int latestVersion,
			@Schema(allowableValues = {
					"training", "ready", "failed" }, description = "The latest version's state") String state,
			@Nullable @Schema(example = "2",
					description = "The version a prediction without version or alias uses") Integer latestReadyVersion,
			@Schema(example = "3") int versionCount,
			@Schema(description = "alias → version", example = "{\"production\": 2}") Map<String, Integer> aliases,
			@Schema(description = "When the latest version was made or finished") Instant updatedAt){

		static ModelView of(ListingModels.Summary model) {
			return new ModelView(model.name(), model.task(), model.algorithm(), model.latestVersion(), model.state(),
					model.latestReadyVersion(), model.versionCount(), model.aliases(), model.updatedAt());
		}

	}

	@Schema(name = "ModelAliasUpdate", description = "The version an alias points at.")
	record AliasRequest(@Nullable @Schema(example = "3") Integer version) {

	}

	@Schema(name = "ModelAlias", description = "A named pointer at a ready version (production, staging, …).")
	record AliasView(@Schema(example = "production") String alias, @Schema(example = "3") int version) {

	}

	@Schema(name = "PredictionRequest",
			description = "Instances to score, with the version or alias to use (default: the latest ready version).")
	record PredictRequest(@Nullable List<Map<String, Object>> instances, @Nullable Integer version,
			@Nullable @Schema(example = "production") String alias) {

	}

	@Schema(name = "Prediction", description = "A label with each class's probability, or a value (regression).")
	record PredictionView(@Nullable @Schema(example = "high") String label, @Nullable Map<String, Double> probabilities,
			@Nullable Double value) {

	}

	@Schema(name = "PredictionResult", description = "One prediction per instance, and the version that made them.")
	record PredictView(@Schema(example = "ticket-priority") String name, @Schema(example = "3") int version,
			List<PredictionView> predictions) {

	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "trainModel",
			summary = "Train a new version of a model on the tenant's resources (202: poll the version's state)")
	ResponseEntity<VersionView> train(@RequestBody TrainRequest request) {
		SourceBody source = request.source();
		Manifest manifest = this.training.start(TenantContext.requireTenant(), bearerToken(),
				new TrainingModels.Train(request.name(), request.task(),
						(source != null) ? new Manifest.Source(source.resourceType(), source.features(),
								source.target(), source.filter()) : null,
						request.algorithm()));
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/v2/ml/models/" + manifest.name() + "/versions/" + manifest.version()))
			.body(VersionView.of(manifest, Map.of()));
	}

	@GetMapping
	@Operation(operationId = "listModels",
			summary = "List the tenant's models: each with its latest version, that version's state and its aliases")
	Page<ModelView> list(PageRequest page) {
		return this.listing.list(TenantContext.requireTenant(), page.after(), page.size()).map(ModelView::of);
	}

	@GetMapping("/{name}/versions")
	@Operation(operationId = "listModelVersions", summary = "List a model's versions, oldest first")
	Page<VersionView> versions(@PathVariable String name, PageRequest page) {
		Long after = page.afterNumber();
		String tenant = TenantContext.requireTenant();
		Map<String, Integer> aliases = this.managing.aliases(tenant, name);
		List<Manifest> versions = this.managing.versions(tenant, name)
			.stream()
			.filter((manifest) -> after == null || manifest.version() > after)
			.limit(page.limit())
			.toList();
		return page.page(versions, (manifest) -> String.valueOf(manifest.version()))
			.map((manifest) -> VersionView.of(manifest, aliases));
	}

	@GetMapping("/{name}/versions/{version}")
	@Operation(operationId = "getModelVersion", summary = "Get a model version: its state, metrics and schema")
	VersionView version(@PathVariable String name, @PathVariable int version) {
		String tenant = TenantContext.requireTenant();
		return VersionView.of(this.managing.version(tenant, name, version), this.managing.aliases(tenant, name));
	}

	@DeleteMapping("/{name}/versions/{version}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteModelVersion",
			summary = "Delete a model version, its artifact and the aliases pointing at it")
	ResponseEntity<Void> deleteVersion(@PathVariable String name, @PathVariable int version) {
		this.managing.deleteVersion(TenantContext.requireTenant(), name, version);
		return ResponseEntity.noContent().build();
	}

	@PutMapping("/{name}/aliases/{alias}")
	@Operation(operationId = "setModelAlias", summary = "Point an alias (production, staging, …) at a ready version")
	AliasView setAlias(@PathVariable String name, @PathVariable String alias, @RequestBody AliasRequest request) {
		this.managing.setAlias(TenantContext.requireTenant(), name, alias, request.version());
		return new AliasView(alias, request.version());
	}

	@DeleteMapping("/{name}/aliases/{alias}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteModelAlias", summary = "Delete an alias")
	ResponseEntity<Void> deleteAlias(@PathVariable String name, @PathVariable String alias) {
		this.managing.deleteAlias(TenantContext.requireTenant(), name, alias);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{name}/predict")
	@Operation(operationId = "predict",
			summary = "Predict with a model: by version, alias, or the latest ready version")
	PredictView predict(@PathVariable String name, @RequestBody PredictRequest request) {
		PredictingWithModels.Result result = this.predicting.predict(TenantContext.requireTenant(),
				new PredictingWithModels.Predict(name, request.version(), request.alias(), request.instances()));
		return new PredictView(result.name(), result.version(), result.predictions()
			.stream()
			.map((prediction) -> new PredictionView(prediction.label(), prediction.probabilities(), prediction.value()))
			.toList());
	}

	private static String bearerToken() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getCredentials() instanceof Jwt jwt) {
			return jwt.getTokenValue();
		}
		throw new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
				"Training reads resources with the caller's token; the request has none.");
	}

}
