package io.strata.analytics.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.strata.platform.tenant.TenantContext;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v2/analytics/events}: a tenant's event history. */
@RestController
@Tag(name = "events")
class EventHistoryController {

	private final QueryingEvents querying;

	EventHistoryController(QueryingEvents querying) {
		this.querying = querying;
	}

	@GetMapping("/v2/analytics/events")
	@Operation(operationId = "listEvents", summary = "List a tenant's event history (filter, time range, order_by)")
	Page<EventView> events(@RequestParam(required = false) String filter,
			@RequestParam(name = "start_time", required = false) String startTime,
			@RequestParam(name = "end_time", required = false) String endTime,
			@RequestParam(name = "order_by", required = false) String orderBy, PageRequest page) {
		QueryingEvents.Page events = this.querying.events(TenantContext.requireTenant(),
				new QueryingEvents.Query(filter, startTime, endTime, orderBy, page));
		return new Page<>(events.items().stream().map(EventView::of).toList(), events.nextPageToken());
	}

}
