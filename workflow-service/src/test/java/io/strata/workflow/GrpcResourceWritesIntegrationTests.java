package io.strata.workflow;

import java.util.Map;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.platform.security.RouteScopes;
import io.strata.proto.resource.v1.BatchGetResourceTypesRequest;
import io.strata.proto.resource.v1.CreateResourceRequest;
import io.strata.proto.resource.v1.DeleteResourceRequest;
import io.strata.proto.resource.v1.GetResourceRequest;
import io.strata.proto.resource.v1.ListResourceTypesRequest;
import io.strata.proto.resource.v1.ListResourceTypesResponse;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.UpdateResourceRequest;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ResourceService's writes and type listings over real gRPC: the same use cases as
 * {@code /v2/resources} and {@code /v2/resource-types}, so the same answers (what GraphQL
 * resolves through).
 */
class GrpcResourceWritesIntegrationTests extends WorkflowIntegrationTest {

	private static final String STAMP = "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
			+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}";

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	@SuppressWarnings("unchecked")
	void createsUpdatesAndDeletesResourcesAsTheRestApiDoes() {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", STAMP);
		ResourceServiceGrpc.ResourceServiceBlockingStub stub = stub(tenant, RouteScopes.RESOURCES_WRITE);

		Resource created = stub.createResource(CreateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setType("ticket")
			.setAttributes(struct("{\"title\": \"over grpc\", \"priority\": 2}"))
			.build());
		assertThat(created.getState()).isEqualTo("open");
		assertThat(created.getVersion()).isEqualTo(1);
		Map<String, Object> overHttp = get(tenant, "/v2/resources/" + created.getId());
		assertThat((Map<String, Object>) overHttp.get("attributes")).containsEntry("title", "over grpc")
			.as("a whole number stays an integer")
			.containsEntry("priority", 2);

		Resource updated = stub.updateResource(UpdateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setIfMatch("\"1\"")
			.setAttributes(struct("{\"priority\": 3}"))
			.build());
		assertThat(updated.getVersion()).isEqualTo(2);
		assertThat(updated.getAttributes().getFieldsOrThrow("title").getStringValue()).isEqualTo("over grpc");
		assertThat(updated.getAttributes().getFieldsOrThrow("priority").getNumberValue()).isEqualTo(3);

		StatusRuntimeException stale = failure(() -> stub.updateResource(UpdateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setIfMatch("\"1\"")
			.setAttributes(struct("{\"priority\": 4}"))
			.build()));
		assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(errorInfo(stale).getReason()).isEqualTo("precondition-failed");
		assertThat(errorInfo(stale).getMetadataMap()).containsEntry("http_status", "412");

		StatusRuntimeException invalid = failure(() -> stub.updateResource(UpdateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setIfMatch("*")
			.setAttributes(struct("{\"priority\": 9}"))
			.build()));
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(errorInfo(invalid).getReason()).isEqualTo("validation");
		assertThat(StatusProto.fromThrowable(invalid).getDetailsList())
			.anySatisfy((detail) -> assertThat(detail.is(BadRequest.class)).isTrue());

		assertThat(failure(() -> stub.createResource(CreateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setType("no-such-type")
			.setAttributes(struct("{}"))
			.build())).getStatus().getCode()).isIn(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND);

		assertThat(failure(() -> stub.deleteResource(DeleteResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setIfMatch("\"1\"")
			.build())).getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		stub.deleteResource(DeleteResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setIfMatch("\"2\"")
			.build());
		assertThat(failure(() -> stub
			.getResource(GetResourceRequest.newBuilder().setTenantId(tenant).setId(created.getId()).build()))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void writesNeedResourcesWriteAndTheCallersTenant() {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", STAMP);
		CreateResourceRequest create = CreateResourceRequest.newBuilder()
			.setTenantId(tenant)
			.setType("ticket")
			.setAttributes(struct("{\"title\": \"t\"}"))
			.build();
		assertThat(failure(() -> stub(tenant, RouteScopes.RESOURCES_READ).createResource(create)).getStatus().getCode())
			.isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(failure(() -> stub(newTenant(), RouteScopes.RESOURCES_WRITE).createResource(create)).getStatus()
			.getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(failure(() -> stub(tenant, RouteScopes.WEBHOOKS_READ)
			.listResourceTypes(ListResourceTypesRequest.newBuilder().setTenantId(tenant).build())).getStatus()
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	@Test
	void listsAndBatchesResourceTypes() {
		String tenant = newTenant();
		for (String name : new String[] { "alpha", "beta", "gamma" }) {
			defineTicket(tenant, name, STAMP);
		}
		ResourceServiceGrpc.ResourceServiceBlockingStub stub = stub(tenant, RouteScopes.RESOURCES_READ);
		ListResourceTypesResponse first = stub
			.listResourceTypes(ListResourceTypesRequest.newBuilder().setTenantId(tenant).setPageSize(2).build());
		assertThat(first.getResourceTypesList()).extracting(ResourceType::getName).containsExactly("alpha", "beta");
		assertThat(first.getResourceTypes(0).getLifecycleJson()).contains("\"initial\"");
		assertThat(first.getResourceTypes(0).hasCreatedAt()).isTrue();
		ListResourceTypesResponse second = stub.listResourceTypes(ListResourceTypesRequest.newBuilder()
			.setTenantId(tenant)
			.setPageSize(2)
			.setPageToken(first.getNextPageToken())
			.build());
		assertThat(second.getResourceTypesList()).extracting(ResourceType::getName).containsExactly("gamma");
		assertThat(second.getNextPageToken()).isEmpty();
		assertThat(failure(() -> stub.listResourceTypes(
				ListResourceTypesRequest.newBuilder().setTenantId(tenant).setPageToken("garbage!").build()))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

		assertThat(stub
			.batchGetResourceTypes(BatchGetResourceTypesRequest.newBuilder()
				.setTenantId(tenant)
				.addNames("gamma")
				.addNames("missing")
				.addNames("alpha")
				.addNames("gamma")
				.build())
			.getResourceTypesList()).extracting(ResourceType::getName).containsExactly("gamma", "alpha");
	}

	private ResourceServiceGrpc.ResourceServiceBlockingStub stub(String tenant, String scope) {
		String token = tokens.token(tenant, scope);
		return ResourceServiceGrpc.newBlockingStub(this.grpc.channel())
			.withCallCredentials(GrpcTestChannel.bearer(token));
	}

	private static StatusRuntimeException failure(Runnable call) {
		try {
			call.run();
		}
		catch (StatusRuntimeException ex) {
			return ex;
		}
		throw new AssertionError("the call succeeded");
	}

	private static ErrorInfo errorInfo(StatusRuntimeException ex) {
		return StatusProto.fromThrowable(ex)
			.getDetailsList()
			.stream()
			.filter((detail) -> detail.is(ErrorInfo.class))
			.map((detail) -> {
				try {
					return detail.unpack(ErrorInfo.class);
				}
				catch (com.google.protobuf.InvalidProtocolBufferException ex2) {
					throw new IllegalStateException(ex2);
				}
			})
			.findFirst()
			.orElseThrow();
	}

}
