package io.strata.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;

import io.strata.sdk.model.AnalyticsEvent;
import io.strata.sdk.model.EventCountMetrics;
import io.strata.sdk.model.Metrics;
import io.strata.sdk.model.ValueMetrics;

/** Event history and metrics ({@code /v2/analytics}). */
public final class Analytics {

	private final Transport transport;

	private final JavaType eventPage = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, AnalyticsEvent.class);

	Analytics(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The event history ({@code GET /v2/analytics/events}) across all pages: {@code filter}, {@code order_by},
	 * {@code start_time}, {@code end_time} in the parameters.
	 */
	public PagedIterable<AnalyticsEvent> events(ListParams params) {
		ListParams query = (params != null) ? params : new ListParams();
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/analytics/events").query(query.toQuery(token)), this.eventPage));
	}

	public PagedIterable<AnalyticsEvent> events() {
		return events(new ListParams());
	}

	/**
	 * A metric over time ({@code GET /v2/analytics/metrics}); every argument may be {@code null} for the
	 * platform's default (event count, hourly, the last day). The answer is one of two shapes, told apart by
	 * its {@code metric}: {@link EventCountMetrics} for {@code event_count}, {@link ValueMetrics} for
	 * {@code workflow_duration} and {@code webhook_success_rate}; see {@link Metrics#getActualInstance()},
	 * {@link Metrics#getEventCountMetrics()} and {@link Metrics#getValueMetrics()}.
	 */
	public Metrics metrics(String metric, String interval, Instant startTime, Instant endTime, String groupBy,
			String filter) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("metric", metric);
		query.put("interval", interval);
		query.put("start_time", (startTime != null) ? startTime.toString() : null);
		query.put("end_time", (endTime != null) ? endTime.toString() : null);
		query.put("group_by", groupBy);
		query.put("filter", filter);
		return this.transport.send(Transport.Call.of("GET", "/v2/analytics/metrics").query(query), Metrics.class);
	}

	/** Event counts ({@code metric=event_count}), optionally grouped ({@code type}, for example). */
	public EventCountMetrics eventCounts(String interval, Instant startTime, Instant endTime, String groupBy,
			String filter) {
		return metrics("event_count", interval, startTime, endTime, groupBy, filter).getEventCountMetrics();
	}

}
