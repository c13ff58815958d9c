package io.strata.gateway.graphql;

import java.time.Instant;
import java.util.List;

import com.google.protobuf.Timestamp;
import reactor.core.publisher.Mono;

import io.strata.proto.analytics.v1.GetMetricsRequest;
import io.strata.proto.analytics.v1.MetricSeries;
import io.strata.proto.analytics.v1.Metrics;

import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.ContextValue;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;

/**
 * {@code Query.metrics}: {@code GET /v2/analytics/metrics} through analytics'
 * {@code MetricsService} (the same computation, checks and scope, analytics.read, checked
 * here first from the route table).
 */
@Controller
class MetricsGraphQlController {

	private final DomainServices services;

	MetricsGraphQlController(DomainServices services) {
		this.services = services;
	}

	@QueryMapping
	Mono<MetricsNode> metrics(@Argument String metric, @Argument String interval, @Argument Instant startTime,
			@Argument Instant endTime, @Argument String groupBy, @Argument String filter,
			@ContextValue(GraphQlCaller.KEY) GraphQlCaller caller) {
		GetMetricsRequest.Builder request = GetMetricsRequest.newBuilder()
			.setMetric(orEmpty(metric))
			.setInterval(orEmpty(interval))
			.setStartTime((startTime != null) ? startTime.toString() : "")
			.setEndTime((endTime != null) ? endTime.toString() : "")
			.setGroupBy(orEmpty(groupBy))
			.setFilter(orEmpty(filter));
		return FieldScopes.require(caller, HttpMethod.GET, "/v2/analytics/metrics")
			.then(Mono.defer(() -> this.services.getMetrics(caller, request)))
			.map(MetricsNode::of);
	}

	private static String orEmpty(String value) {
		return (value != null) ? value : "";
	}

	private static Instant instant(Timestamp timestamp) {
		return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
	}

	/** {@code Metrics}. */
	record MetricsNode(String metric, String interval, Instant startTime, Instant endTime, String groupBy, long total,
			List<Instant> timestamps, List<Long> counts, List<SeriesNode> series) {

		static MetricsNode of(Metrics metrics) {
			return new MetricsNode(metrics.getMetric(), metrics.getInterval(), instant(metrics.getStartTime()),
					instant(metrics.getEndTime()), metrics.getGroupBy().isEmpty() ? null : metrics.getGroupBy(),
					metrics.getTotal(),
					metrics.getTimestampsList().stream().map(MetricsGraphQlController::instant).toList(),
					metrics.getCountsList(), metrics.getSeriesList().stream().map(SeriesNode::of).toList());
		}

	}

	/** {@code MetricSeries}: counts for event_count, values for the other metrics. */
	record SeriesNode(String key, Long total, List<Long> counts, Double overall, List<Double> values) {

		static SeriesNode of(MetricSeries series) {
			boolean counted = series.getValuesCount() == 0 && !series.hasOverall();
			return new SeriesNode(series.getKey(), counted ? series.getTotal() : null,
					counted ? series.getCountsList() : null, series.hasOverall() ? number(series.getOverall()) : null,
					counted ? null : series.getValuesList().stream().map(SeriesNode::number).toList());
		}

		private static Double number(com.google.protobuf.Value value) {
			return value.hasNumberValue() ? value.getNumberValue() : null;
		}

	}

}
