package io.strata.sdk;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;

/** Event history and metrics ({@code /v2/analytics}). */
public final class Analytics {

	private final Transport transport;

	private final JavaType eventPage = Transport.JSON.getTypeFactory()
		.constructType(new TypeReference<Page<Map<String, Object>>>() {
		});

	Analytics(Transport transport) {
		this.transport = transport;
	}

	/**
	 * The event history ({@code GET /v2/analytics/events}) across all pages: {@code filter}, {@code order_by},
	 * {@code start_time}, {@code end_time} in the parameters.
	 */
	public PagedIterable<Map<String, Object>> events(ListParams params) {
		ListParams query = (params != null) ? params : new ListParams();
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/analytics/events").query(query.toQuery(token)), this.eventPage));
	}

	/**
	 * A metric over time ({@code GET /v2/analytics/metrics}); every argument may be {@code null} for the
	 * platform's default (event count, hourly, the last day).
	 */
	public Map<String, Object> metrics(String metric, String interval, Instant startTime, Instant endTime,
			String groupBy, String filter) {
		Map<String, String> query = new LinkedHashMap<>();
		query.put("metric", metric);
		query.put("interval", interval);
		query.put("start_time", (startTime != null) ? startTime.toString() : null);
		query.put("end_time", (endTime != null) ? endTime.toString() : null);
		query.put("group_by", groupBy);
		query.put("filter", filter);
		return this.transport.send(Transport.Call.of("GET", "/v2/analytics/metrics").query(query),
				Transport.JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
	}

}
