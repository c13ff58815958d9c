package io.strata.ml.anomaly;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.ResponseStatus;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Anomaly detectors, {@code /v2/ml/detectors}: saved ones, their anomalies, and
 * backtests.
 */
@RestController
@RequestMapping("/v2/ml/detectors")
@Tag(name = "ml")
class DetectorController {

	private final PreviewingDetectors previewing;

	private final ManagingDetectors managing;

	DetectorController(PreviewingDetectors previewing, ManagingDetectors managing) {
		this.previewing = previewing;
		this.managing = managing;
	}

	@Schema(name = "DetectorCreation", description = "An anomaly detector to save.")
	record CreateRequest(@Nullable @Schema(example = "ticket storm") String name, @Nullable Metric metric,
			@Nullable @Schema(example = "1m",
					description = "Interval length: minutes, hours or days (1m, 15m, 1h, 1d); default 1m") String interval,
			@Nullable @Schema(allowableValues = {
					"low", "medium", "high" },
					description = "How far from usual an interval may be; default medium") String sensitivity){

	}

	@Schema(name = "Detector", description = "A saved anomaly detector: evaluated at every closed interval.")
	record DetectorView(@Schema(example = "det_0190f3a8c2b1a4c3d2e1") String id,
			@Schema(example = "ticket storm") String name, Metric metric, @Schema(example = "1m") String interval,
			@Schema(example = "medium") String sensitivity, Instant createdAt) {

		static DetectorView of(Detector detector) {
			return new DetectorView(detector.id(), detector.name(), new Metric(detector.eventType()),
					detector.interval(), detector.sensitivity(), detector.createdAt());
		}

	}

	@Schema(name = "RecordedAnomaly", description = "An interval a saved detector reported.")
	record RecordedAnomalyView(@Schema(example = "2024-05-01T12:00:00Z") Instant start,
			@Schema(example = "50") double value,
			@Schema(example = "5", description = "The median of the intervals before it") double expected,
			@Schema(example = "12.3") double score, Instant detectedAt) {

	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createDetector", summary = "Save an anomaly detector")
	ResponseEntity<DetectorView> create(@RequestBody CreateRequest request) {
		Detector detector = this.managing.create(TenantContext.requireTenant(),
				new ManagingDetectors.Create(request.name(),
						(request.metric() != null) ? request.metric().eventType() : null, request.interval(),
						request.sensitivity()));
		return ResponseEntity.created(URI.create("/v2/ml/detectors/" + detector.id())).body(DetectorView.of(detector));
	}

	@GetMapping
	@Operation(operationId = "listDetectors", summary = "List anomaly detectors")
	Page<DetectorView> list(PageRequest page) {
		return page.page(this.managing.list(TenantContext.requireTenant(), page.after(), page.limit()), Detector::id)
			.map(DetectorView::of);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getDetector", summary = "Get an anomaly detector")
	DetectorView get(@PathVariable String id) {
		return DetectorView.of(this.managing.get(TenantContext.requireTenant(), id));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteDetector", summary = "Delete an anomaly detector and its anomalies")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.managing.delete(TenantContext.requireTenant(), id);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/anomalies")
	@Operation(operationId = "listDetectorAnomalies", summary = "List the anomalies a detector reported, newest first")
	Page<RecordedAnomalyView> anomalies(@PathVariable String id, PageRequest page) {
		// newest first: the next page starts before the last interval seen
		Long before = page.afterNumber();
		List<RecordedAnomalyView> all = this.managing.anomalies(TenantContext.requireTenant(), id)
			.stream()
			.filter((anomaly) -> before == null || anomaly.start().getEpochSecond() < before)
			.limit(page.limit())
			.map((anomaly) -> new RecordedAnomalyView(anomaly.start(), anomaly.value(), anomaly.expected(),
					anomaly.score(), anomaly.detectedAt()))
			.toList();
		return page.page(all, (anomaly) -> String.valueOf(anomaly.start().getEpochSecond()));
	}

	@Schema(name = "DetectorMetric", description = "What a detector watches: the count of an event type.")
	record Metric(@Nullable @Schema(example = "resource.created") String eventType) {

	}

	@Schema(name = "DetectorPreviewRequest",
			description = "A detector's definition and the range to backtest it over (default: the last 60 closed intervals).")
	record PreviewRequest(@Nullable Metric metric, @Nullable @Schema(example = "1m",
			description = "Interval length: minutes, hours or days (1m, 15m, 1h, 1d); default 1m") String interval,
			@Nullable @Schema(allowableValues = {
					"low", "medium", "high" },
					description = "How far from usual an interval may be; default medium") String sensitivity,
			@Nullable @Schema(example = "2024-05-01T00:00:00Z") String startTime,
			@Nullable @Schema(example = "2024-05-02T00:00:00Z") String endTime){

	}

	@Schema(name = "DetectedAnomaly", description = "An interval the detector reports.")
	record AnomalyView(@Schema(example = "2024-05-01T12:00:00Z") Instant start, @Schema(example = "50") double value,
			@Schema(example = "5", description = "The median of the intervals before it") double expected,
			@Schema(example = "12.3",
					description = "Robust deviations above (positive) or below (negative) the median") double score) {

	}

	@Schema(name = "DetectorPreview", description = "The anomalies a detector would have reported over the range.")
	record PreviewView(@Schema(example = "1m") String interval, Instant startTime, Instant endTime,
			@Schema(description = "The metric's value in each interval from start_time") double[] values,
			List<AnomalyView> anomalies) {

	}

	@PostMapping("/preview")
	@Operation(operationId = "previewDetector",
			summary = "Backtest an anomaly detector over past event counts before saving it")
	PreviewView preview(@RequestBody PreviewRequest request) {
		String tenant = TenantContext.requireTenant();
		if (request.metric() == null) {
			throw ProblemException.invalid("A detector needs a metric.",
					List.of(new FieldViolation("/metric", "required")));
		}
		PreviewingDetectors.Result result = this.previewing.preview(tenant,
				new PreviewingDetectors.Preview(request.metric().eventType(), request.interval(), request.sensitivity(),
						request.startTime(), request.endTime()));
		return new PreviewView((request.interval() != null) ? request.interval() : "1m", result.start(), result.end(),
				result.values(),
				result.anomalies()
					.stream()
					.map((found) -> new AnomalyView(found.start(), found.value(), found.expected(), found.score()))
					.toList());
	}

}
