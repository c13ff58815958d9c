package io.strata.gateway.validation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.strata.gateway.support.GatewayIntegrationTest;
import io.strata.gateway.support.GrpcStandIns;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.ResourceTypeChanged;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bodies checked at the edge: size, media type, syntax, depth, the platform's request
 * schemas and tenants' resource-type schemas (from a gRPC stand-in of workflow, evicted
 * by a real resource-type event on Kafka).
 */
class BodyValidationIntegrationTests extends GatewayIntegrationTest {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Test
	void bodyOverTheLimitIs413() {
		byte[] big = new byte[1024 * 1024 + 1];
		java.util.Arrays.fill(big, (byte) ' ');
		post("/v2/resources", MediaType.APPLICATION_JSON, big).exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void wrongMediaTypeIs415() {
		post("/v2/resources", MediaType.TEXT_PLAIN, "{}".getBytes()).exchange().expectStatus().isEqualTo(415);
	}

	@Test
	void malformedJsonIs400() {
		for (String body : new String[] { "{", "{\"a\":}", "{} {}", "nul", "\u0000" }) {
			post("/v2/resources", MediaType.APPLICATION_JSON, body.getBytes()).exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://strata.io/problems/malformed-json");
		}
	}

	@Test
	void absurdNestingIs400NeverAStackOverflow() {
		post("/v2/resources", MediaType.APPLICATION_JSON, "[".repeat(500_000).getBytes()).exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/too-deep");
		post("/v2/resources", MediaType.APPLICATION_JSON, ("{\"a\":".repeat(65) + "1" + "}".repeat(65)).getBytes())
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void platformSchemaViolationsComeBackAllAtOnceAsJsonPointers() {
		post("/v2/users", MediaType.APPLICATION_JSON, "{\"email\": 5, \"roles\": \"admin\"}".getBytes()).exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/validation")
			.jsonPath("$.errors[*].pointer")
			.value((java.util.List<String> pointers) -> assertThat(pointers).contains("/email", "/roles"));
		post("/v2/webhooks/register", MediaType.APPLICATION_JSON, "{}".getBytes()).exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].pointer")
			.value((java.util.List<String> pointers) -> assertThat(pointers).contains("/url", "/event_types"));
		String valid = "{\"email\":\"ada@example.com\",\"roles\":[\"admin\"]}";
		post("/v2/users", MediaType.APPLICATION_JSON, valid.getBytes()).exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.body")
			.isEqualTo(valid);
	}

	@Test
	void resourceAttributesFollowTheTenantsTypeSchemaUntilATypeEventEvictsIt() throws InterruptedException {
		String tenant = newTenant();
		String token = TOKENS.token(tenant, "resources.write");
		GRPC.resourceTypes.put(GrpcStandIns.typeKey(tenant, "ticket"),
				type(tenant, 1,
						"{\"type\":\"object\",\"required\":[\"title\"],\"properties\":{\"title\":{\"type\":\"string\"},"
								+ "\"priority\":{\"type\":\"integer\",\"maximum\":5}}}"));
		String bad = "{\"type\":\"ticket\",\"attributes\":{\"priority\":9}}";
		post("/v2/resources", MediaType.APPLICATION_JSON, bad.getBytes(), token).exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].pointer")
			.value((java.util.List<String> pointers) -> assertThat(pointers).contains("/attributes/title",
					"/attributes/priority"));
		// workflow checks the caller's token on gRPC too: the gateway passes it on
		assertThat(GRPC.lastAuthorization.get()).isEqualTo("Bearer " + token);
		String good = "{\"type\":\"ticket\",\"attributes\":{\"title\":\"Printer\",\"priority\":2}}";
		post("/v2/resources", MediaType.APPLICATION_JSON, good.getBytes(), token).exchange().expectStatus().isOk();
		// another tenant's type of the same name does not apply
		post("/v2/resources", MediaType.APPLICATION_JSON, bad.getBytes()).exchange().expectStatus().isOk();

		// workflow changes the type: titles are no longer required, priority up to 10
		GRPC.resourceTypes.put(GrpcStandIns.typeKey(tenant, "ticket"),
				type(tenant, 2, "{\"type\":\"object\",\"properties\":{\"priority\":{\"type\":\"integer\"}}}"));
		post("/v2/resources", MediaType.APPLICATION_JSON, bad.getBytes(), token).exchange()
			.expectStatus()
			.isBadRequest();
		// the type-changed event evicts the cached schema; published until one arrives
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			publishTypeChanged(tenant, "ticket");
			assertThat(post("/v2/resources", MediaType.APPLICATION_JSON, bad.getBytes(), token).exchange()
				.returnResult(String.class)
				.getStatus()
				.value()).isEqualTo(200);
		});
	}

	private void publishTypeChanged(String tenant, String name) {
		ResourceTypeChanged payload = ResourceTypeChanged.newBuilder()
			.setResourceType(ResourceType.newBuilder().setTenantId(tenant).setName(name))
			.build();
		var event = CloudEventRecords.event(UUID.randomUUID(), "io.strata.resource.type_changed.v1",
				"/workflow-service", name, tenant, Instant.now(), payload.toByteArray());
		this.kafka.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), name, event));
	}

	private static ResourceType type(String tenant, int version, String schema) {
		return ResourceType.newBuilder()
			.setTenantId(tenant)
			.setName("ticket")
			.setVersion(version)
			.setSchemaJson(schema)
			.build();
	}

	private WebTestClient.RequestHeadersSpec<?> post(String path, MediaType type, byte[] body) {
		return post(path, type, body, TOKENS.token(newTenant(), "resources.write", "webhooks.write"));
	}

	private WebTestClient.RequestHeadersSpec<?> post(String path, MediaType type, byte[] body, String token) {
		return this.client.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer(token))
			.contentType(type)
			.bodyValue(body);
	}

}
