package io.strata.analytics.history;

import java.util.LinkedHashMap;
import java.util.Map;

import io.strata.platform.tenant.TenantContext;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2/analytics}: a tenant's event history and event metrics. */
@RestController
class EventHistoryController {

	private final QueryingEvents querying;

	private final ComputingMetrics metrics;

	EventHistoryController(QueryingEvents querying, ComputingMetrics metrics) {
		this.querying = querying;
		this.metrics = metrics;
	}

	@GetMapping("/v2/analytics/events")
	Map<String, Object> events(@RequestParam(required = false) String filter,
			@RequestParam(name = "start_time", required = false) String startTime,
			@RequestParam(name = "end_time", required = false) String endTime,
			@RequestParam(name = "order_by", required = false) String orderBy,
			@RequestParam(name = "page_size", required = false) Integer pageSize,
			@RequestParam(name = "page_token", required = false) String pageToken) {
		QueryingEvents.Page page = this.querying.events(TenantContext.requireTenant(),
				new QueryingEvents.Query(filter, startTime, endTime, orderBy, pageSize, pageToken));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("items", page.items());
		body.put("next_page_token", page.nextPageToken());
		return body;
	}

	@GetMapping("/v2/analytics/metrics")
	Object metrics(@RequestParam(required = false) String metric, @RequestParam(required = false) String interval,
			@RequestParam(name = "start_time", required = false) String startTime,
			@RequestParam(name = "end_time", required = false) String endTime,
			@RequestParam(name = "group_by", required = false) String groupBy,
			@RequestParam(required = false) String filter) {
		return this.metrics.compute(TenantContext.requireTenant(),
				new ComputingMetrics.Query(metric, interval, startTime, endTime, groupBy, filter));
	}

}
