package io.strata.workflow;

import java.time.Duration;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.platform.security.RouteScopes;
import io.strata.proto.resource.v1.GetResourceRequest;
import io.strata.proto.resource.v1.GetResourceTypeRequest;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceServiceGrpc;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.workflow.v1.GetOperationRequest;
import io.strata.proto.workflow.v1.Operation;
import io.strata.proto.workflow.v1.StartActionRequest;
import io.strata.proto.workflow.v1.StartActionResponse;
import io.strata.proto.workflow.v1.WorkflowServiceGrpc;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * ResourceService and WorkflowService over real gRPC with a real JWT: what the gateway
 * and GraphQL call.
 */
class GrpcIntegrationTests extends WorkflowIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void servesResourceTypeSchemasAndResourcesOfTheCallersTenant() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		String id = createTicket(tenant, "ticket", "over grpc");
		ManagedChannel channel = this.grpc.channel();
		ResourceServiceGrpc.ResourceServiceBlockingStub stub = ResourceServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearerCredentials(tenant));
		ResourceType type = stub
			.getResourceType(GetResourceTypeRequest.newBuilder().setTenantId(tenant).setName("ticket").build());
		assertThat(type.getVersion()).isEqualTo(1);
		assertThat(type.getSchemaJson()).contains("\"required\"").contains("title");
		Resource resource = stub.getResource(GetResourceRequest.newBuilder().setTenantId(tenant).setId(id).build());
		assertThat(resource.getState()).isEqualTo("open");
		assertThat(resource.getAttributes().getFieldsOrThrow("title").getStringValue()).isEqualTo("over grpc");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(
					() -> stub.getResource(GetResourceRequest.newBuilder().setTenantId(newTenant()).setId(id).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ResourceServiceGrpc.newBlockingStub(channel)
				.getResource(GetResourceRequest.newBuilder().setTenantId(tenant).setId(id).build()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
	}

	/** The platform's gRPC resource server shares the HTTP one's decoder. */
	@Test
	void acceptsEs256AndEdDsaTokensAndRejectsForgedOnes() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		ManagedChannel channel = this.grpc.channel();
		GetResourceTypeRequest request = GetResourceTypeRequest.newBuilder()
			.setTenantId(tenant)
			.setName("ticket")
			.build();
		for (JWSAlgorithm algorithm : new JWSAlgorithm[] { JWSAlgorithm.ES256, JWSAlgorithm.EdDSA }) {
			assertThat(ResourceServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearerToken(tokens.tokenSignedWith(algorithm, tenant, RouteScopes.RESOURCES_READ)))
				.getResourceType(request)
				.getVersion()).isEqualTo(1);
			assertThat(code(() -> ResourceServiceGrpc.newBlockingStub(channel)
				.withCallCredentials(bearerToken(tokens.forgedTokenSignedWith(algorithm, tenant)))
				.getResourceType(request)).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void startsActionsAndReadsOperationsWithPerResourceRejections() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		defineTicket(tenant, "slow",
				"{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\"," + " \"input\": {\"duration\": \"'2s'\"}}]}");
		String id = createTicket(tenant, "ticket", "over grpc");
		String busy = createTicket(tenant, "slow", "busy");
		ManagedChannel channel = this.grpc.channel();
		WorkflowServiceGrpc.WorkflowServiceBlockingStub stub = WorkflowServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearerCredentials(tenant));
		StartActionResponse started = stub.startAction(StartActionRequest.newBuilder()
			.setTenantId(tenant)
			.setAction("approve")
			.addResourceIds(id)
			.addResourceIds("missing")
			.setInput(struct("{\"approver\": \"grpc\"}"))
			.build());
		assertThat(started.getOperationsList()).singleElement().satisfies((operation) -> {
			assertThat(operation.getResourceId()).isEqualTo(id);
			assertThat(operation.getStatus()).isEqualTo("pending");
			assertThat(operation.getFromState()).isEqualTo("open");
			assertThat(operation.getToState()).isEqualTo("approved");
		});
		assertThat(started.getRejectionsList()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.getResourceId()).isEqualTo("missing");
			assertThat(rejection.getReason()).isEqualTo("not-found");
			assertThat(rejection.getHttpStatus()).isEqualTo(404);
		});
		String operationId = started.getOperations(0).getId();
		Operation done = await(
				() -> stub
					.getOperation(GetOperationRequest.newBuilder().setTenantId(tenant).setId(operationId).build()),
				(operation) -> operation.getStatus().equals("completed"), Duration.ofSeconds(20));
		assertThat(done.hasFinishedAt()).isTrue();
		assertThat((Map<String, Object>) get(tenant, "/v2/resources/" + id).get("attributes"))
			.containsEntry("approved_by", "grpc");

		// started nowhere: the call fails with the reason
		assertThat(code(() -> stub.startAction(
				StartActionRequest.newBuilder().setTenantId(tenant).setAction("approve").addResourceIds(id).build())))
			.satisfies((status) -> {
				assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
				assertThat(status.getDescription()).contains("not allowed from the state 'approved'");
			});
		stub.startAction(
				StartActionRequest.newBuilder().setTenantId(tenant).setAction("approve").addResourceIds(busy).build());
		assertThat(code(() -> stub.startAction(
				StartActionRequest.newBuilder().setTenantId(tenant).setAction("close").addResourceIds(busy).build()))
			.getCode()).as("another action runs on it").isEqualTo(Status.Code.ABORTED);
		assertThat(code(() -> stub.startAction(StartActionRequest.newBuilder()
			.setTenantId(tenant)
			.setAction("approve")
			.addResourceIds("nope")
			.build())).getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(code(() -> stub.startAction(StartActionRequest.newBuilder().setTenantId(tenant).build())).getCode())
			.isEqualTo(Status.Code.INVALID_ARGUMENT);

		// another tenant's request, or another tenant's operation: nothing to see
		assertThat(code(() -> stub.startAction(
				StartActionRequest.newBuilder().setTenantId(newTenant()).setAction("close").addResourceIds(id).build()))
			.getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(code(() -> WorkflowServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearerCredentials(newTenant()))
			.getOperation(GetOperationRequest.newBuilder().setTenantId(tenant).setId(operationId).build())).getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
		String stranger = newTenant();
		assertThat(code(() -> WorkflowServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(bearerCredentials(stranger))
			.getOperation(GetOperationRequest.newBuilder().setTenantId(stranger).setId(operationId).build())).getCode())
			.as("row-level security hides it")
			.isEqualTo(Status.Code.NOT_FOUND);
		assertThat(code(() -> WorkflowServiceGrpc.newBlockingStub(channel)
			.getOperation(GetOperationRequest.newBuilder().setTenantId(tenant).setId(operationId).build())).getCode())
			.isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	/** The route → scope table holds over gRPC too: the gateway is not in the way. */
	@Test
	void asksForTheScopesOfEachMethod() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		String id = createTicket(tenant, "ticket", "scoped");
		ManagedChannel channel = this.grpc.channel();
		GetResourceRequest read = GetResourceRequest.newBuilder().setTenantId(tenant).setId(id).build();
		StartActionRequest approve = StartActionRequest.newBuilder()
			.setTenantId(tenant)
			.setAction("approve")
			.addResourceIds(id)
			.setInput(struct("{\"approver\": \"grpc\"}"))
			.build();
		CallCredentials webhooks = bearerToken(tokens.token(tenant, RouteScopes.WEBHOOKS_READ));
		assertThat(
				code(() -> ResourceServiceGrpc.newBlockingStub(channel).withCallCredentials(webhooks).getResource(read))
					.getCode())
			.isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(code(
				() -> WorkflowServiceGrpc.newBlockingStub(channel).withCallCredentials(webhooks).startAction(approve))
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

		CallCredentials reader = bearerToken(tokens.token(tenant, RouteScopes.RESOURCES_READ));
		assertThat(
				ResourceServiceGrpc.newBlockingStub(channel).withCallCredentials(reader).getResource(read).getState())
			.isEqualTo("open");
		assertThat(code(
				() -> WorkflowServiceGrpc.newBlockingStub(channel).withCallCredentials(reader).startAction(approve))
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);

		CallCredentials writer = bearerToken(tokens.token(tenant, RouteScopes.RESOURCES_WRITE));
		assertThat(WorkflowServiceGrpc.newBlockingStub(channel)
			.withCallCredentials(writer)
			.startAction(approve)
			.getOperationsList()).singleElement()
			.satisfies((operation) -> assertThat(operation.getToState()).isEqualTo("approved"));
	}

	private static Status code(Runnable call) {
		try {
			call.run();
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
		throw new AssertionError("the call succeeded");
	}

	/**
	 * The token of a caller who may read and change resources, as the gateway forwards.
	 */
	private static CallCredentials bearerCredentials(String tenant) {
		return bearerToken(tokens.token(tenant, RouteScopes.RESOURCES_WRITE));
	}

	private static CallCredentials bearerToken(String token) {
		return GrpcTestChannel.bearer(token);
	}

}
