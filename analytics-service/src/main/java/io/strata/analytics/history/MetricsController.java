package io.strata.analytics.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.platform.tenant.TenantContext;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2/analytics/metrics}: a tenant's event metrics over time. */
@RestController
@Tag(name = "metrics")
class MetricsController {

	private final ComputingMetrics metrics;

	MetricsController(ComputingMetrics metrics) {
		this.metrics = metrics;
	}

	@GetMapping("/v2/analytics/metrics")
	@Operation(operationId = "getMetrics",
			summary = "Metrics over time: event counts, workflow durations or the webhook success rate")
	ComputingMetrics.MetricsAnswer metrics(@RequestParam(required = false) String metric,
			@RequestParam(required = false) String interval,
			@RequestParam(name = "start_time", required = false) String startTime,
			@RequestParam(name = "end_time", required = false) String endTime,
			@RequestParam(name = "group_by", required = false) String groupBy,
			@RequestParam(required = false) String filter) {
		return this.metrics.compute(TenantContext.requireTenant(),
				new ComputingMetrics.Query(metric, interval, startTime, endTime, groupBy, filter));
	}

}
