package io.strata.analytics.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.search.Elastic;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Event counts over time for a chart: a date histogram over the tenant's events, with an
 * optional breakdown by event type, topic, resource type or state. Empty buckets are
 * filled, so every series has one point per bucket.
 */
@Component
public class ComputingMetrics {

	static final List<String> GROUPS = List.of("type", "topic", "resource_type", "state");

	private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,3})([mhd])");

	private static final int MAX_BUCKETS = 1000;

	private static final int MAX_GROUPS = 50;

	private final Elastic elastic;

	private final EventHistoryIndex history;

	public ComputingMetrics(Elastic elastic, EventHistoryIndex history) {
		this.elastic = elastic;
		this.history = history;
	}

	public record Query(String interval, String startTime, String endTime, String groupBy, String filter) {

	}

	public record Point(Instant start, long count, Map<String, Long> groups) {

	}

	public record Series(String key, long total, List<Long> counts) {

	}

	public record Metrics(String interval, Instant startTime, Instant endTime, String groupBy, long total,
			List<Point> buckets, List<Instant> timestamps, List<Series> series) {

	}

	public Metrics eventCounts(String tenantId, Query query) {
		String interval = (query.interval() == null || query.interval().isBlank()) ? "1h" : query.interval();
		Duration step = step(interval);
		TimeRange range = TimeRange.of(query.startTime(), query.endTime(), Duration.ofDays(1));
		if (Duration.between(range.start(), range.end()).dividedBy(step) > MAX_BUCKETS) {
			throw ProblemException.invalid("The range holds more than " + MAX_BUCKETS + " intervals.",
					List.of(new FieldViolation("/interval", "too small for the time range")));
		}
		String groupBy = (query.groupBy() == null || query.groupBy().isBlank()) ? null : query.groupBy();
		if (groupBy != null && !GROUPS.contains(groupBy)) {
			throw ProblemException.invalid("group_by is one of " + GROUPS + ".",
					List.of(new FieldViolation("/group_by", "one of " + GROUPS)));
		}
		Map<String, Object> histogram = new LinkedHashMap<>();
		histogram.put("field", "time");
		histogram.put("fixed_interval", interval);
		histogram.put("min_doc_count", 0);
		histogram.put("extended_bounds",
				Map.of("min", range.start().toEpochMilli(), "max", range.end().minusMillis(1).toEpochMilli()));
		Map<String, Object> overTime = new LinkedHashMap<>();
		overTime.put("date_histogram", histogram);
		if (groupBy != null) {
			overTime.put("aggs", Map.of("by", Map.of("terms", Map.of("field", groupBy, "size", MAX_GROUPS))));
		}
		Map<String, Object> body = Map.of("size", 0, "track_total_hits", true, "query",
				Map.of("bool", Map.of("filter", QueryingEvents.tenantAndRange(tenantId, range, query.filter()))),
				"aggs", Map.of("over_time", overTime));
		JsonNode response = this.elastic.send("POST", "/" + this.history.pattern() + "/_search", body,
				Map.of("ignore_unavailable", "true", "allow_no_indices", "true"));
		return metrics(interval, range, groupBy, response);
	}

	private static Metrics metrics(String interval, TimeRange range, String groupBy, JsonNode response) {
		List<Point> buckets = new ArrayList<>();
		TreeSet<String> keys = new TreeSet<>();
		for (JsonNode bucket : response.path("aggregations").path("over_time").path("buckets")) {
			Map<String, Long> groups = new LinkedHashMap<>();
			for (JsonNode group : bucket.path("by").path("buckets")) {
				groups.put(group.path("key").asText(), group.path("doc_count").asLong());
				keys.add(group.path("key").asText());
			}
			buckets.add(new Point(Instant.ofEpochMilli(bucket.path("key").asLong()), bucket.path("doc_count").asLong(),
					groups));
		}
		List<Series> series = new ArrayList<>();
		if (groupBy == null) {
			series.add(new Series("events", buckets.stream().mapToLong(Point::count).sum(),
					buckets.stream().map(Point::count).toList()));
		}
		else {
			for (String key : keys) {
				List<Long> counts = buckets.stream().map((point) -> point.groups().getOrDefault(key, 0L)).toList();
				series.add(new Series(key, counts.stream().mapToLong(Long::longValue).sum(), counts));
			}
		}
		long total = response.path("hits").path("total").path("value").asLong();
		return new Metrics(interval, range.start(), range.end(), groupBy, total, buckets,
				buckets.stream().map(Point::start).toList(), series);
	}

	private static Duration step(String interval) {
		Matcher matcher = INTERVAL.matcher(interval);
		if (!matcher.matches()) {
			throw ProblemException.invalid("interval is a number and a unit m, h or d, such as 5m, 1h or 1d.",
					List.of(new FieldViolation("/interval", "such as 5m, 1h or 1d")));
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

}
