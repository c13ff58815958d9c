package io.strata.identity.tenant;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.strata.identity.client.OAuthClients;
import io.strata.proto.identity.v1.GetTenantStatusRequest;
import io.strata.proto.identity.v1.IdentityServiceGrpc;
import io.strata.proto.identity.v1.ResolveApiKeyRequest;
import io.strata.proto.identity.v1.TenantStatus;
import io.strata.testsupport.GrpcTestChannel;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A suspended tenant gets no tokens: not from the sign-in API (403
 * {@code tenant-suspended}), not from the token endpoint (OAuth2
 * {@code unauthorized_client}), not for its API keys over gRPC; {@code GetTenantStatus}
 * tells the gateway. Resuming it gives everything back.
 */
class TenantSuspensionIntegrationTests extends TenantIntegrationTest {

	@Autowired
	OAuthClients clients;

	@RegisterExtension
	final GrpcTestChannel grpc = GrpcTestChannel.toTestServer();

	IdentityServiceGrpc.IdentityServiceBlockingStub identity;

	@BeforeEach
	void connect() {
		// as the gateway calls them: no token
		this.identity = IdentityServiceGrpc.newBlockingStub(this.grpc.channel());
	}

	@Test
	void aSuspendedTenantGetsNoTokensUntilItIsResumed() {
		TestTenant platform = platformAdmin();
		TestTenant tenant = newTenant();
		String refreshToken = login(tenant.adminEmail(), PASSWORD).get("refresh_token").toString();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("resources.read")));
		String apiKey = postCreated(tenant, "/v2/api-keys", Map.of("name", "ci", "scopes", List.of("resources.read")))
			.get("key")
			.toString();
		assertThat(status(tenant.id())).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
		// the token endpoint now keeps the client and the tenant's status in memory
		assertThat(clientCredentialsToken(client.clientId(), client.clientSecret())).isNotBlank();

		changeStatus(platform, tenant.id(), "suspend", "suspended");

		assertThat(status(tenant.id())).isEqualTo(TenantStatus.TENANT_STATUS_SUSPENDED);
		refusedAsSuspended("/v2/auth/login", Map.of("email", tenant.adminEmail(), "password", PASSWORD));
		refusedAsSuspended("/v2/auth/refresh", Map.of("refresh_token", refreshToken));
		requestClientToken(client.clientId(), client.clientSecret()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.error")
			.isEqualTo("unauthorized_client");
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> this.identity.resolveApiKey(ResolveApiKeyRequest.newBuilder().setApiKey(apiKey).build()))
			.extracting((ex) -> ex.getStatus().getCode())
			.isEqualTo(Status.Code.PERMISSION_DENIED);

		changeStatus(platform, tenant.id(), "resume", "active");

		assertThat(status(tenant.id())).isEqualTo(TenantStatus.TENANT_STATUS_ACTIVE);
		login(tenant.adminEmail(), PASSWORD);
		assertThat(clientCredentialsToken(client.clientId(), client.clientSecret())).isNotBlank();
		assertThat(this.identity.resolveApiKey(ResolveApiKeyRequest.newBuilder().setApiKey(apiKey).build())
			.getAccessToken()).isNotBlank();
	}

	/**
	 * Another instance of identity suspends the tenant: this one, which keeps the
	 * tenant's status in memory, hears of it from PostgreSQL well within the status's
	 * cache lifetime (10 s by default).
	 */
	@Test
	void aTenantSuspendedByAnotherInstanceGetsNoTokensOnceThatIsTold() {
		TestTenant tenant = newTenant();
		OAuthClients.ClientCredentials client = this.clients
			.register(new OAuthClients.RegisterClient(tenant.id(), "test", "backend", Set.of("resources.read")));
		assertThat(clientCredentialsToken(client.clientId(), client.clientSecret())).isNotBlank();

		this.jdbc.update("UPDATE tenants SET status = 'suspended' WHERE id = ?", tenant.id());

		await().atMost(Duration.ofSeconds(3))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> requestClientToken(client.clientId(), client.clientSecret()).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.error")
				.isEqualTo("unauthorized_client"));
	}

	@Test
	void onlyPlatformAdminsSuspendAndNeverTheirOwnTenant() {
		TestTenant platform = platformAdmin();
		TestTenant tenant = newTenant();
		this.client.post()
			.uri("/v2/tenants/{id}/suspend", tenant.id())
			.header(HttpHeaders.AUTHORIZATION, tenant.bearer())
			.exchange()
			.expectStatus()
			.isForbidden();
		this.client.post()
			.uri("/v2/tenants/{id}/suspend", platform.id())
			.header(HttpHeaders.AUTHORIZATION, platform.bearer())
			.exchange()
			.expectStatus()
			.isEqualTo(409);
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> status("ten_unknown"))
			.extracting((ex) -> ex.getStatus().getCode())
			.isEqualTo(Status.Code.NOT_FOUND);
	}

	private void refusedAsSuspended(String uri, Map<String, String> body) {
		this.client.post()
			.uri(uri)
			.body(body)
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/tenant-suspended");
	}

	private TenantStatus status(String tenantId) {
		return this.identity.getTenantStatus(GetTenantStatusRequest.newBuilder().setTenantId(tenantId).build())
			.getStatus();
	}

	private void changeStatus(TestTenant platform, String tenantId, String action, String expected) {
		this.client.post()
			.uri("/v2/tenants/{id}/" + action, tenantId)
			.header(HttpHeaders.AUTHORIZATION, platform.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(expected);
	}

}
