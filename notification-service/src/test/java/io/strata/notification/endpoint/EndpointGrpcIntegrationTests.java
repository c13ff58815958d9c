package io.strata.notification.endpoint;

import java.util.List;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.notification.v1.CreateWebhookEndpointRequest;
import io.strata.proto.notification.v1.DeleteWebhookEndpointRequest;
import io.strata.proto.notification.v1.GetWebhookEndpointRequest;
import io.strata.proto.notification.v1.ListWebhookEndpointsRequest;
import io.strata.proto.notification.v1.UpdateWebhookEndpointRequest;
import io.strata.proto.notification.v1.WebhookEndpoint;
import io.strata.proto.notification.v1.WebhookServiceGrpc;
import io.strata.proto.notification.v1.WebhookServiceGrpc.WebhookServiceBlockingStub;
import io.strata.testsupport.GrpcTestChannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code WebhookService} over real gRPC with real JWTs: the same endpoints, checks and
 * scopes as {@code /v2/webhooks}, refusals with the REST problem's type and pointers.
 */
class EndpointGrpcIntegrationTests extends NotificationIntegrationTest {

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	@Test
	void createsReadsListsUpdatesAndDeletesAnEndpoint() {
		String tenant = newTenant();
		WebhookServiceBlockingStub writer = stub(tenant, RouteScopes.WEBHOOKS_WRITE, RouteScopes.RESOURCES_READ);
		WebhookEndpoint created = writer.createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
			.setTenantId(tenant)
			.setUrl(receiver.url(newPath()))
			.addEventTypes("resource.*")
			.setDescription("helpdesk")
			.putMetadata("team", "support")
			.build());
		assertThat(created.getSecret()).startsWith("whsec_");
		assertThat(created.getStatus()).isEqualTo("enabled");
		assertThat(created.getMetadataMap()).containsEntry("team", "support");

		WebhookServiceBlockingStub reader = stub(tenant, RouteScopes.WEBHOOKS_READ);
		WebhookEndpoint read = reader.getWebhookEndpoint(
				GetWebhookEndpointRequest.newBuilder().setTenantId(tenant).setId(created.getId()).build());
		assertThat(read.getSecret()).isEmpty();
		assertThat(read.getEventTypesList()).containsExactly("resource.*");
		assertThat(reader.listWebhookEndpoints(ListWebhookEndpointsRequest.newBuilder().setTenantId(tenant).build())
			.getEndpointsList()).extracting(WebhookEndpoint::getId).containsExactly(created.getId());

		WebhookEndpoint updated = writer.updateWebhookEndpoint(UpdateWebhookEndpointRequest.newBuilder()
			.setTenantId(tenant)
			.setId(created.getId())
			.setDescription("helpdesk v2")
			.setIfMatch(Long.toString(created.getVersion()))
			.build());
		assertThat(updated.getDescription()).isEqualTo("helpdesk v2");
		assertThat(updated.getEventTypesList()).containsExactly("resource.*");
		assertThat(updated.getVersion()).isGreaterThan(created.getVersion());

		StatusRuntimeException stale = refused(
				() -> writer.updateWebhookEndpoint(UpdateWebhookEndpointRequest.newBuilder()
					.setTenantId(tenant)
					.setId(created.getId())
					.setDescription("lost update")
					.setIfMatch(Long.toString(created.getVersion()))
					.build()));
		assertThat(stale.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		assertThat(reason(stale)).isEqualTo("precondition-failed");

		writer.deleteWebhookEndpoint(
				DeleteWebhookEndpointRequest.newBuilder().setTenantId(tenant).setId(created.getId()).build());
		assertThat(refused(() -> reader.getWebhookEndpoint(
				GetWebhookEndpointRequest.newBuilder().setTenantId(tenant).setId(created.getId()).build()))
			.getStatus()
			.getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void refusesInvalidInputWithPointersAndCallersWithoutTheScopeOrTenant() {
		String tenant = newTenant();
		StatusRuntimeException invalid = refused(() -> stub(tenant, RouteScopes.WEBHOOKS_WRITE)
			.createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
				.setTenantId(tenant)
				.setUrl(receiver.url(newPath()))
				.addEventTypes("not a type")
				.setRateLimitPerSecond(0)
				.build()));
		assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(pointers(invalid)).containsExactly("/event_types/0", "/rate_limit_per_second");

		StatusRuntimeException readerWrites = refused(() -> stub(tenant, RouteScopes.WEBHOOKS_READ)
			.createWebhookEndpoint(CreateWebhookEndpointRequest.newBuilder()
				.setTenantId(tenant)
				.setUrl(receiver.url(newPath()))
				.addEventTypes("resource.*")
				.build()));
		assertThat(readerWrites.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(refused(() -> stub(tenant, RouteScopes.RESOURCES_READ)
			.listWebhookEndpoints(ListWebhookEndpointsRequest.newBuilder().setTenantId(tenant).build())).getStatus()
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
		assertThat(refused(() -> stub(newTenant(), RouteScopes.WEBHOOKS_READ)
			.listWebhookEndpoints(ListWebhookEndpointsRequest.newBuilder().setTenantId(tenant).build())).getStatus()
			.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
	}

	private WebhookServiceBlockingStub stub(String tenant, String... scopes) {
		String token = tokens.token(tenant, scopes);
		return WebhookServiceGrpc.newBlockingStub(this.grpc.channel())
			.withCallCredentials(GrpcTestChannel.bearer(token));
	}

	private static StatusRuntimeException refused(Runnable call) {
		StatusRuntimeException[] refusal = new StatusRuntimeException[1];
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.satisfies((ex) -> refusal[0] = ex);
		return refusal[0];
	}

	private static String reason(StatusRuntimeException ex) throws RuntimeException {
		return StatusProto.fromThrowable(ex)
			.getDetailsList()
			.stream()
			.filter((detail) -> detail.is(ErrorInfo.class))
			.map((detail) -> unpack(detail, ErrorInfo.class).getReason())
			.findFirst()
			.orElse(null);
	}

	private static List<String> pointers(StatusRuntimeException ex) {
		return StatusProto.fromThrowable(ex)
			.getDetailsList()
			.stream()
			.filter((detail) -> detail.is(BadRequest.class))
			.flatMap((detail) -> unpack(detail, BadRequest.class).getFieldViolationsList().stream())
			.map(BadRequest.FieldViolation::getField)
			.toList();
	}

	private static <T extends com.google.protobuf.Message> T unpack(com.google.protobuf.Any detail, Class<T> type) {
		try {
			return detail.unpack(type);
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
