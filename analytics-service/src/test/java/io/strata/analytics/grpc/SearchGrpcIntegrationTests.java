package io.strata.analytics.grpc;

import java.util.Map;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.analytics.v1.SearchResourcesRequest;
import io.strata.proto.analytics.v1.SearchResourcesResponse;
import io.strata.proto.analytics.v1.SearchServiceGrpc;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** SearchService over real gRPC with a real JWT. */
class SearchGrpcIntegrationTests extends AnalyticsIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void searchesTheCallersTenantOnly() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		created(resource(tenant, "g1", 1, "open", Map.of("priority", 5)));
		created(resource(tenant, "g2", 1, "closed", Map.of("priority", 1)));
		ManagedChannel channel = this.grpc.channel();
		SearchServiceGrpc.SearchServiceBlockingStub stub = SearchServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearer(tenant));
		await().atMost(patience())
			.untilAsserted(() -> assertThat(
					stub.searchResources(SearchResourcesRequest.newBuilder().setTenantId(tenant).build())
						.getItemsCount())
				.isEqualTo(2));
		SearchResourcesResponse open = stub.searchResources(
				SearchResourcesRequest.newBuilder().setTenantId(tenant).setFilter("attributes.priority > 2").build());
		assertThat(open.getItemsList()).singleElement().satisfies((resource) -> {
			assertThat(resource.getId()).isEqualTo("g1");
			assertThat(resource.getAttributes().getFieldsOrThrow("priority").getNumberValue()).isEqualTo(5.0);
		});
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub
				.searchResources(SearchResourcesRequest.newBuilder().setTenantId(tenant).setFilter("state =").build()))
			.satisfies((ex) -> {
				assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
				assertThat(ex.getStatus().getDescription()).contains("position 7");
			});
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> SearchServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearer(other))
				.searchResources(SearchResourcesRequest.newBuilder().setTenantId(tenant).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> SearchServiceGrpc.newBlockingStub(channel)
				.searchResources(SearchResourcesRequest.newBuilder().setTenantId(tenant).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	@Test
	void searchesByMeaning() throws Exception {
		String tenant = newTenant();
		created(resource(tenant, "car", 1, "open", Map.of("title", "my car will not start")));
		created(resource(tenant, "cake", 1, "open", Map.of("title", "chocolate cake recipe")));
		ManagedChannel channel = this.grpc.channel();
		SearchServiceGrpc.SearchServiceBlockingStub stub = SearchServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearer(tenant));
		SearchResourcesRequest semantic = SearchResourcesRequest.newBuilder()
			.setTenantId(tenant)
			.setQ("automobile engine failure")
			.setMode("semantic")
			.build();
		await().atMost(patience())
			.untilAsserted(() -> assertThat(stub.searchResources(semantic).getItemsList())
				.extracting((resource) -> resource.getId())
				.containsExactly("car"));
		assertThat(stub.searchResources(semantic.toBuilder().setMode("keyword").build()).getItemsList()).isEmpty();
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> stub.searchResources(semantic.toBuilder().setMode("fuzzy").build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
	}

	private static CallCredentials bearer(String tenant) {
		String token = tokens.token(tenant, RouteScopes.RESOURCES_READ);
		return GrpcTestChannel.bearer(token);
	}

}
