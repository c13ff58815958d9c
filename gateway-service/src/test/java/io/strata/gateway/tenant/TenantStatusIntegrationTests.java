package io.strata.gateway.tenant;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.proto.identity.v1.TenantStatus;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * A tenant identity reports suspended is refused with 403 {@code tenant-suspended},
 * although its access token is still valid, once the cached status is stale (1 s in
 * tests); resumed, it is served again.
 */
class TenantStatusIntegrationTests extends GatewayIntegrationTest {

	@Test
	void aSuspendedTenantsValidTokenIsRefusedUntilItIsResumed() {
		String tenant = newTenant();
		String token = TOKENS.token(tenant, "resources.read");
		call(token).expectStatus().isOk();

		GRPC.tenantStatuses.put(tenant, TenantStatus.TENANT_STATUS_SUSPENDED);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> call(token).expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://strata.io/problems/tenant-suspended"));
		// other tenants are not affected
		call(TOKENS.token(newTenant(), "resources.read")).expectStatus().isOk();

		GRPC.tenantStatuses.remove(tenant);

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> call(token).expectStatus().isOk());
	}

	private WebTestClient.ResponseSpec call(String token) {
		return this.client.get().uri("/v2/users/u-1").header(HttpHeaders.AUTHORIZATION, bearer(token)).exchange();
	}

}
