package io.strata.workflow;

import java.util.concurrent.TimeUnit;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import io.strata.proto.resource.v1.GetResourceRequest;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** ResourceService over real gRPC with a real JWT: what the gateway calls for schemas. */
class GrpcIntegrationTests extends WorkflowIntegrationTest {

	@Autowired
	GrpcServerLifecycle grpcServer;

	@Test
	void servesResourceTypeSchemasAndResourcesOfTheCallersTenant() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		String id = createTicket(tenant, "ticket", "over grpc");
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.grpcServer.getPort())
			.usePlaintext()
			.build();
		try {
			ResourceServiceGrpc.ResourceServiceBlockingStub stub = ResourceServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearerCredentials(tenant));
			ResourceType type = stub
				.getResourceType(GetResourceTypeRequest.newBuilder().setTenantId(tenant).setName("ticket").build());
			assertThat(type.getVersion()).isEqualTo(1);
			assertThat(type.getSchemaJson()).contains("\"required\"").contains("title");
			Resource resource = stub.getResource(GetResourceRequest.newBuilder().setTenantId(tenant).setId(id).build());
			assertThat(resource.getState()).isEqualTo("open");
			assertThat(resource.getAttributes().getFieldsOrThrow("title").getStringValue()).isEqualTo("over grpc");
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(
					() -> stub.getResource(GetResourceRequest.newBuilder().setTenantId(newTenant()).setId(id).build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> ResourceServiceGrpc.newBlockingStub(channel)
					.getResource(GetResourceRequest.newBuilder().setTenantId(tenant).setId(id).build()))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	private static CallCredentials bearerCredentials(String tenant) {
		String token = tokens.token(tenant);
		return new CallCredentials() {
			@Override
			public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor,
					MetadataApplier applier) {
				Metadata headers = new Metadata();
				headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
				applier.apply(headers);
			}
		};
	}

}
