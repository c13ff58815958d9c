package io.strata.analytics.grpc;

import java.util.Map;

import com.google.rpc.BadRequest;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.analytics.v1.GetMetricsRequest;
import io.strata.proto.analytics.v1.MetricSeries;
import io.strata.proto.analytics.v1.Metrics;
import io.strata.proto.analytics.v1.MetricsServiceGrpc;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** MetricsService over real gRPC with real JWTs: REST's metrics, checks and scope. */
class MetricsGrpcIntegrationTests extends AnalyticsIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void countsTheTenantsEventsAsRestAndRefusesBadInputAndMissingScope() throws Exception {
		String tenant = newTenant();
		created(resource(tenant, "mg1", 1, "open", Map.of()));
		created(resource(tenant, "mg2", 1, "open", Map.of()));
		ManagedChannel channel = this.grpc.channel();
		var stub = MetricsServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearer(tenant, RouteScopes.ANALYTICS_READ));
		GetMetricsRequest byType = GetMetricsRequest.newBuilder()
			.setTenantId(tenant)
			.setInterval("1h")
			.setGroupBy("type")
			.build();
		await().atMost(patience()).until(() -> stub.getMetrics(byType).getTotal() == 2);
		Metrics metrics = stub.getMetrics(byType);
		assertThat(metrics.getMetric()).isEqualTo("event_count");
		assertThat(metrics.getGroupBy()).isEqualTo("type");
		assertThat(metrics.getCountsCount()).isEqualTo(metrics.getTimestampsCount()).isPositive();
		assertThat(metrics.getCountsList().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
		assertThat(metrics.getSeriesList()).extracting(MetricSeries::getKey).contains("resource.created");

		Metrics durations = stub
			.getMetrics(GetMetricsRequest.newBuilder().setTenantId(tenant).setMetric("workflow_duration").build());
		assertThat(durations.getSeriesList()).extracting(MetricSeries::getKey).contains("p50", "p95", "p99");
		assertThat(durations.getSeries(0).getValuesList())
			.allSatisfy((value) -> assertThat(value.hasNullValue()).isTrue());

		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(
					() -> stub.getMetrics(GetMetricsRequest.newBuilder().setTenantId(tenant).setMetric("nope").build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(StatusProto.fromThrowable(ex).getDetailsList())
					.filteredOn((detail) -> detail.is(BadRequest.class))
					.singleElement()
					.satisfies((detail) -> assertThat(detail.unpack(BadRequest.class).getFieldViolations(0).getField())
						.isEqualTo("/metric"));
			});
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearer(tenant, RouteScopes.RESOURCES_READ))
				.getMetrics(byType))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearer(newTenant(), RouteScopes.ANALYTICS_READ))
				.getMetrics(byType))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
	}

	private static CallCredentials bearer(String tenant, String scope) {
		String token = tokens.token(tenant, scope);
		return GrpcTestChannel.bearer(token);
	}

}
