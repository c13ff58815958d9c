package io.strata.ml.anomaly;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Anomaly detectors, {@code /v2/ml/detectors}: so far the backtest of a definition. */
@RestController
@RequestMapping("/v2/ml/detectors")
@Tag(name = "ml")
class DetectorController {

	private final PreviewingDetectors previewing;

	DetectorController(PreviewingDetectors previewing) {
		this.previewing = previewing;
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
