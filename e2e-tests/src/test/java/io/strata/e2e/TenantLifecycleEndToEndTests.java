package io.strata.e2e;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.eventually;
import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static io.strata.e2e.AppJourneyEndToEndTests.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's life as an operator drives it through the gateway: created with its first
 * admin, suspended (its admin's still valid token is refused), resumed, then deleted, and
 * its data erased by every service that held some, as the deletion's erasure report
 * shows.
 */
class TenantLifecycleEndToEndTests {

	@Test
	void deletedTenantsDataIsErasedEverywhereAsItsReportShows() throws Exception {
		AppJourneyEndToEndTests.signIn();
		String platformAdmin = AppJourneyEndToEndTests.token;
		NewTenant.Admin tenant = NewTenant.create(platformAdmin);
		String type = "life_" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(send("POST", "/v2/resource-types", """
				{"name": "%s", "schema": {"type": "object"}, "lifecycle": {"initial": "open", "states": ["open"]}}"""
			.formatted(type), tenant.token()).statusCode()).isEqualTo(201);
		assertThat(send("POST", "/v2/resources", """
				{"type": "%s", "attributes": {"title": "to be erased"}}""".formatted(type), tenant.token())
			.statusCode()).isEqualTo(201);
		assertThat(eventually(
				() -> send("GET", "/v2/resources?filter=type%20%3D%20%22" + type + "%22", null, tenant.token()).body(),
				(body) -> body.contains("to be erased")))
			.isTrue();

		String suspend = "/v2/tenants/" + tenant.tenantId() + "/suspend";
		assertThat(send("POST", suspend, null, platformAdmin).statusCode()).isEqualTo(200);
		assertThat(
				eventually(() -> String.valueOf(send("GET", "/v2/resource-types", null, tenant.token()).statusCode()),
						"403"::equals))
			.as("a suspended tenant's token is refused")
			.isTrue();
		String resume = "/v2/tenants/" + tenant.tenantId() + "/resume";
		assertThat(send("POST", resume, null, platformAdmin).statusCode()).isEqualTo(200);
		assertThat(
				eventually(() -> String.valueOf(send("GET", "/v2/resource-types", null, tenant.token()).statusCode()),
						"200"::equals))
			.as("a resumed tenant is served again")
			.isTrue();

		HttpResponse<String> deleted = send("DELETE", "/v2/tenants/" + tenant.tenantId(), null, platformAdmin);
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
		String report = deleted.headers().firstValue("Location").orElseThrow();
		assertThat(report).isEqualTo("/v2/tenants/" + tenant.tenantId() + "/erasure");
		assertThat(eventually(() -> send("GET", report, null, platformAdmin).body(),
				(body) -> json.readTree(body).path("status").asString().equals("succeeded")))
			.as("every service reports its erasure")
			.isTrue();

		Map<String, JsonNode> services = new HashMap<>();
		json.readTree(send("GET", report, null, platformAdmin).body())
			.path("services")
			.forEach((service) -> services.put(service.path("service").asString(), service));
		assertThat(services).containsOnlyKeys("identity-service", "workflow-service", "analytics-service",
				"notification-service", "ml-service");
		assertThat(services.get("workflow-service").path("erased").path("resource").asLong()).isEqualTo(1);
		assertThat(services.get("analytics-service").path("erased").path("resources").asLong()).isEqualTo(1);
		assertThat(services.get("identity-service").path("erased").path("users").asLong()).isEqualTo(1);
		assertThat(send("GET", "/v2/resource-types", null, tenant.token()).statusCode()).isEqualTo(403);
	}

}
