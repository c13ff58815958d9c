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
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import io.strata.analytics.search.Elastic;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.MessageAttemptExhausted;
import io.strata.proto.workflow.v1.WorkflowRunFinished;

import org.springframework.stereotype.Component;

/**
 * Metrics over time for a chart, one point per interval (empty intervals included): event
 * counts with an optional breakdown by event type, topic, resource type or state;
 * workflow run duration percentiles (p50/p95/p99 of {@code workflow.run_finished}); and
 * the webhook delivery success rate (delivered / (delivered + exhausted)).
 */
@Component
public class ComputingMetrics {

	static final List<String> GROUPS = List.of("type", "topic", "resource_type", "state", "outcome");

	static final String EVENT_COUNT = "event_count";

	static final String WORKFLOW_DURATION = "workflow_duration";

	static final String WEBHOOK_SUCCESS_RATE = "webhook_success_rate";

	static final List<String> METRICS = List.of(EVENT_COUNT, WORKFLOW_DURATION, WEBHOOK_SUCCESS_RATE);

	private static final List<String> PERCENTS = List.of("50.0", "95.0", "99.0");

	private static final Pattern INTERVAL = Pattern.compile("([1-9][0-9]{0,3})([mhd])");

	private static final int MAX_BUCKETS = 1000;

	private static final int MAX_GROUPS = 50;

	private final Elastic elastic;

	private final EventHistoryIndex history;

	public ComputingMetrics(Elastic elastic, EventHistoryIndex history) {
		this.elastic = elastic;
		this.history = history;
	}

	public record Query(String metric, String interval, String startTime, String endTime, String groupBy,
			String filter) {

	}

	/**
	 * What {@code GET /v2/analytics/metrics} answers: event counts or, for the other
	 * metrics, values.
	 */
	@Schema(name = "Metrics", description = "Event counts (metric event_count) or values (the other metrics).",
			oneOf = { Metrics.class, ValueMetrics.class }, discriminatorProperty = "metric",
			discriminatorMapping = { @DiscriminatorMapping(value = EVENT_COUNT, schema = Metrics.class),
					@DiscriminatorMapping(value = WORKFLOW_DURATION, schema = ValueMetrics.class),
					@DiscriminatorMapping(value = WEBHOOK_SUCCESS_RATE, schema = ValueMetrics.class) })
	public sealed interface MetricsAnswer permits Metrics, ValueMetrics {

	}

	@Schema(name = "MetricsBucket", description = "One interval: its start, its event count and the count per group.")
	public record Point(@Schema(example = "2024-05-01T12:00:00Z") Instant start, @Schema(example = "4") long count,
			Map<String, Long> groups) {

	}

	@Schema(name = "MetricsSeries", description = "The counts of one group (or of all events) per interval.")
	public record Series(@Schema(example = "resource.created") String key, @Schema(example = "12") long total,
			List<Long> counts) {

	}

	@Schema(name = "EventCountMetrics", description = "Event counts per interval, optionally grouped.")
	public record Metrics(@Schema(example = "event_count") String metric, @Schema(example = "1h") String interval,
			@Schema(example = "2024-05-01T00:00:00Z") Instant startTime,
			@Schema(example = "2024-05-02T00:00:00Z") Instant endTime,
			@Nullable @Schema(example = "type") String groupBy, @Schema(example = "42") long total, List<Point> buckets,
			List<Instant> timestamps, List<Series> series) implements MetricsAnswer {

	}

	/**
	 * A metric whose points are values, not counts.
	 *
	 * @param total the events the metric is computed from (runs, deliveries)
	 * @param counts those events per interval
	 * @param series one series per value (p50, p95, p99 or success_rate), each with its
	 * value over the whole range ({@code overall}) and per interval ({@code null} where
	 * the interval has no events)
	 */
	@Schema(name = "ValueMetrics",
			description = "Values per interval: workflow duration percentiles or the webhook " + "success rate.")
	public record ValueMetrics(@Schema(example = "workflow_duration") String metric,
			@Schema(example = "1h") String interval, @Schema(example = "2024-05-01T00:00:00Z") Instant startTime,
			@Schema(example = "2024-05-02T00:00:00Z") Instant endTime, @Schema(example = "42") long total,
			List<Instant> timestamps, List<Long> counts, List<ValueSeries> series) implements MetricsAnswer {

	}

	@Schema(name = "ValueMetricsSeries",
			description = "One value (p50, p95, p99 or success_rate): overall and per interval (null without events).")
	public record ValueSeries(@Schema(example = "p95") String key, @Nullable @Schema(example = "1250.0") Double overall,
			List<@Nullable Double> values) {

	}

	/** Answers the metric the query names (event counts by default). */
	public MetricsAnswer compute(String tenantId, Query query) {
		String metric = (query.metric() == null || query.metric().isBlank()) ? EVENT_COUNT : query.metric();
		if (!METRICS.contains(metric)) {
			throw ProblemException.invalid("metric is one of " + METRICS + ".",
					List.of(new FieldViolation("/metric", "one of " + METRICS)));
		}
		if (!EVENT_COUNT.equals(metric) && query.groupBy() != null && !query.groupBy().isBlank()) {
			throw ProblemException.invalid("group_by applies to event_count only.",
					List.of(new FieldViolation("/group_by", "only with metric=event_count")));
		}
		return switch (metric) {
			case WORKFLOW_DURATION -> workflowDurations(tenantId, query);
			case WEBHOOK_SUCCESS_RATE -> webhookSuccessRate(tenantId, query);
			default -> eventCounts(tenantId, query);
		};
	}

	public ValueMetrics workflowDurations(String tenantId, Query query) {
		String interval = interval(query);
		TimeRange range = range(query, interval);
		Map<String, Object> percentiles = Map.of("percentiles",
				Map.of("field", "duration_millis", "percents", List.of(50, 95, 99)));
		JsonNode response = search(tenantId, range, query.filter(),
				List.of(EventCatalog.typeOf(WorkflowRunFinished.class)),
				histogram(interval, range, Map.of("durations", percentiles)), Map.of("durations", percentiles));
		JsonNode buckets = response.path("aggregations").path("over_time").path("buckets");
		List<ValueSeries> series = new ArrayList<>();
		for (String percent : PERCENTS) {
			List<Double> values = new ArrayList<>();
			buckets.forEach((bucket) -> values.add(number(bucket.path("durations").path("values").path(percent))));
			series.add(new ValueSeries("p" + percent.substring(0, percent.indexOf('.')),
					number(response.path("aggregations").path("durations").path("values").path(percent)), values));
		}
		return valueMetrics(WORKFLOW_DURATION, interval, range, response, series);
	}

	public ValueMetrics webhookSuccessRate(String tenantId, Query query) {
		String interval = interval(query);
		TimeRange range = range(query, interval);
		Map<String, Object> succeeded = Map.of("filter",
				Map.of("term", Map.of("type", Map.of("value", EventCatalog.typeOf(DeliverySucceeded.class)))));
		JsonNode response = search(tenantId, range, query.filter(),
				List.of(EventCatalog.typeOf(DeliverySucceeded.class),
						EventCatalog.typeOf(MessageAttemptExhausted.class)),
				histogram(interval, range, Map.of("succeeded", succeeded)), Map.of("succeeded", succeeded));
		List<Double> rates = new ArrayList<>();
		for (JsonNode bucket : response.path("aggregations").path("over_time").path("buckets")) {
			rates.add(rate(bucket.path("succeeded").path("doc_count").asLong(), bucket.path("doc_count").asLong()));
		}
		Double overall = rate(response.path("aggregations").path("succeeded").path("doc_count").asLong(),
				response.path("hits").path("total").path("value").asLong());
		return valueMetrics(WEBHOOK_SUCCESS_RATE, interval, range, response,
				List.of(new ValueSeries("success_rate", overall, rates)));
	}

	public Metrics eventCounts(String tenantId, Query query) {
		String interval = interval(query);
		TimeRange range = range(query, interval);
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

	private static String interval(Query query) {
		return (query.interval() == null || query.interval().isBlank()) ? "1h" : query.interval();
	}

	private static TimeRange range(Query query, String interval) {
		Duration step = step(interval);
		TimeRange range = TimeRange.of(query.startTime(), query.endTime(), Duration.ofDays(1));
		if (Duration.between(range.start(), range.end()).dividedBy(step) > MAX_BUCKETS) {
			throw ProblemException.invalid("The range holds more than " + MAX_BUCKETS + " intervals.",
					List.of(new FieldViolation("/interval", "too small for the time range")));
		}
		return range;
	}

	private static Map<String, Object> histogram(String interval, TimeRange range, Map<String, Object> aggs) {
		Map<String, Object> histogram = new LinkedHashMap<>();
		histogram.put("field", "time");
		histogram.put("fixed_interval", interval);
		histogram.put("min_doc_count", 0);
		histogram.put("extended_bounds",
				Map.of("min", range.start().toEpochMilli(), "max", range.end().minusMillis(1).toEpochMilli()));
		return Map.of("date_histogram", histogram, "aggs", aggs);
	}

	/**
	 * The tenant's events of the given types in the range, aggregated over time and
	 * overall.
	 */
	private JsonNode search(String tenantId, TimeRange range, String filter, List<String> types,
			Map<String, Object> overTime, Map<String, Object> overall) {
		List<Object> clauses = new ArrayList<>(QueryingEvents.tenantAndRange(tenantId, range, filter));
		clauses.add(Map.of("terms", Map.of("type", types)));
		Map<String, Object> aggs = new LinkedHashMap<>(overall);
		aggs.put("over_time", overTime);
		Map<String, Object> body = Map.of("size", 0, "track_total_hits", true, "query",
				Map.of("bool", Map.of("filter", clauses)), "aggs", aggs);
		return this.elastic.send("POST", "/" + this.history.pattern() + "/_search", body,
				Map.of("ignore_unavailable", "true", "allow_no_indices", "true"));
	}

	private static ValueMetrics valueMetrics(String metric, String interval, TimeRange range, JsonNode response,
			List<ValueSeries> series) {
		List<Instant> timestamps = new ArrayList<>();
		List<Long> counts = new ArrayList<>();
		for (JsonNode bucket : response.path("aggregations").path("over_time").path("buckets")) {
			timestamps.add(Instant.ofEpochMilli(bucket.path("key").asLong()));
			counts.add(bucket.path("doc_count").asLong());
		}
		return new ValueMetrics(metric, interval, range.start(), range.end(),
				response.path("hits").path("total").path("value").asLong(), timestamps, counts, series);
	}

	private static Double number(JsonNode value) {
		return value.isNumber() ? value.asDouble() : null;
	}

	private static Double rate(long succeeded, long all) {
		return (all == 0) ? null : (double) succeeded / all;
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
		return new Metrics(EVENT_COUNT, interval, range.start(), range.end(), groupBy, total, buckets,
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
