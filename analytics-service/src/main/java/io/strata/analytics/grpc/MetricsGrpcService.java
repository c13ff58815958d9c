package io.strata.analytics.grpc;

import java.time.Instant;

import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.stub.StreamObserver;

import io.strata.analytics.history.ComputingMetrics;
import io.strata.platform.problem.GrpcProblems;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.proto.analytics.v1.GetMetricsRequest;
import io.strata.proto.analytics.v1.MetricSeries;
import io.strata.proto.analytics.v1.Metrics;
import io.strata.proto.analytics.v1.MetricsServiceGrpc;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Service;

/**
 * {@code MetricsService} for the GraphQL layer: {@code GET /v2/analytics/metrics} over
 * gRPC, the same computation ({@link ComputingMetrics}) and the same scope (the route
 * table's for that path). The request names the tenant, which must be the caller's.
 */
@Service
class MetricsGrpcService extends MetricsServiceGrpc.MetricsServiceImplBase {

	private final ComputingMetrics metrics;

	MetricsGrpcService(ComputingMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void getMetrics(GetMetricsRequest request, StreamObserver<Metrics> responses) {
		try {
			Caller.current().requireAsRoute(HttpMethod.GET, "/v2/analytics/metrics", request.getTenantId());
			ComputingMetrics.MetricsAnswer answer = this.metrics.compute(request.getTenantId(),
					new ComputingMetrics.Query(blankToNull(request.getMetric()), blankToNull(request.getInterval()),
							blankToNull(request.getStartTime()), blankToNull(request.getEndTime()),
							blankToNull(request.getGroupBy()), blankToNull(request.getFilter())));
			responses.onNext(proto(answer));
			responses.onCompleted();
		}
		catch (ProblemException ex) {
			responses.onError(GrpcProblems.of(ex));
		}
	}

	private static Metrics proto(ComputingMetrics.MetricsAnswer answer) {
		Metrics.Builder proto = Metrics.newBuilder();
		switch (answer) {
			case ComputingMetrics.Metrics counts -> {
				proto.setMetric(counts.metric())
					.setInterval(counts.interval())
					.setStartTime(timestamp(counts.startTime()))
					.setEndTime(timestamp(counts.endTime()))
					.setGroupBy((counts.groupBy() != null) ? counts.groupBy() : "")
					.setTotal(counts.total());
				counts.timestamps().forEach((start) -> proto.addTimestamps(timestamp(start)));
				counts.buckets().forEach((bucket) -> proto.addCounts(bucket.count()));
				counts.series()
					.forEach((series) -> proto.addSeries(MetricSeries.newBuilder()
						.setKey(series.key())
						.setTotal(series.total())
						.addAllCounts(series.counts())));
			}
			case ComputingMetrics.ValueMetrics values -> {
				proto.setMetric(values.metric())
					.setInterval(values.interval())
					.setStartTime(timestamp(values.startTime()))
					.setEndTime(timestamp(values.endTime()))
					.setTotal(values.total())
					.addAllCounts(values.counts());
				values.timestamps().forEach((start) -> proto.addTimestamps(timestamp(start)));
				values.series().forEach((series) -> {
					MetricSeries.Builder builder = MetricSeries.newBuilder()
						.setKey(series.key())
						.setOverall(number(series.overall()));
					series.values().forEach((value) -> builder.addValues(number(value)));
					proto.addSeries(builder);
				});
			}
		}
		return proto.build();
	}

	private static Value number(Double value) {
		return (value != null) ? Value.newBuilder().setNumberValue(value).build()
				: Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
	}

	private static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

	private static String blankToNull(String value) {
		return value.isBlank() ? null : value;
	}

}
