package io.strata.platform.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import org.junit.jupiter.api.Test;

import io.strata.platform.PlatformIntegrationTest;
import io.strata.platform.PlatformTestApplication;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.proto.identity.v1.TenantDeleted;
import io.strata.proto.identity.v1.TenantResumed;
import io.strata.proto.identity.v1.TenantSuspended;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service refuses the valid tokens of a tenant that identity suspended or deleted, as
 * soon as the event arrives on the real Kafka, even when the call skips the gateway; a
 * resumed tenant is served again, other tenants all along.
 */
class TenantSuspensionIntegrationTests extends PlatformIntegrationTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Autowired
	ConfigurableEnvironment environment;

	@Test
	void suspendedTenantIsRefusedUntilResumed() {
		String suspended = "tenant-" + UUID.randomUUID();
		String other = "tenant-" + UUID.randomUUID();
		things(suspended).expectStatus().isOk();

		publish("tenant.suspended", suspended, TenantSuspended.newBuilder().setTenantId(suspended).build());

		await().atMost(PATIENCE).untilAsserted(() -> assertRefused(suspended));
		things(other).expectStatus().isOk();

		publish("tenant.resumed", suspended, TenantResumed.newBuilder().setTenantId(suspended).build());

		await().atMost(PATIENCE).untilAsserted(() -> things(suspended).expectStatus().isOk());
	}

	@Test
	void deletedTenantIsRefusedForGoodAndAnUnreadableEventIsSkipped() {
		String deleted = "tenant-" + UUID.randomUUID();
		publishRaw("tenant.suspended", deleted, new byte[] { 0x0a, 0x7f });
		publish("tenant.deleted", deleted, TenantDeleted.newBuilder().setTenantId(deleted).build());

		await().atMost(PATIENCE).untilAsserted(() -> assertRefused(deleted));

		// resuming does not bring a deleted tenant back
		publish("tenant.resumed", deleted, TenantResumed.newBuilder().setTenantId(deleted).build());
		String marker = "tenant-" + UUID.randomUUID();
		publish("tenant.suspended", marker, TenantSuspended.newBuilder().setTenantId(marker).build());
		await().atMost(PATIENCE).untilAsserted(() -> assertRefused(marker));
		assertRefused(deleted);
	}

	/**
	 * A tenant suspended before an instance starts is refused by that instance from its
	 * first request on: it does not serve until it has read identity's events.
	 */
	@Test
	void freshInstanceRefusesATenantSuspendedBeforeItStarted() {
		String suspended = "tenant-" + UUID.randomUUID();
		publish("tenant.suspended", suspended, TenantSuspended.newBuilder().setTenantId(suspended).build());
		await().atMost(PATIENCE).untilAsserted(() -> assertRefused(suspended));

		StandardEnvironment environment = new StandardEnvironment();
		this.environment.getPropertySources()
			.stream()
			.filter((source) -> !source.getName().startsWith("server.ports")
					&& !"configurationProperties".equals(source.getName()))
			.forEach(environment.getPropertySources()::addLast);
		try (ConfigurableApplicationContext fresh = new SpringApplicationBuilder(PlatformTestApplication.class)
			.environment(environment)
			.properties("server.port=0")
			.run()) {
			int port = ((WebServerApplicationContext) fresh).getWebServer().getPort();
			RestTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + port)
				.build()
				.get()
				.uri("/v2/things")
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(suspended))
				.exchange()
				.expectStatus()
				.isForbidden();
			assertThat(fresh.getBean(RefusedTenants.class).caughtUp()).isTrue();
		}
	}

	private void assertRefused(String tenant) {
		things(tenant).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/tenant-suspended");
	}

	private RestTestClient.ResponseSpec things(String tenant) {
		return this.client.get()
			.uri("/v2/things")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(tenant))
			.exchange();
	}

	private void publish(String type, String tenant, Message payload) {
		publishRaw(type, tenant, payload.toByteArray());
	}

	private void publishRaw(String type, String tenant, byte[] payload) {
		try {
			this.kafka
				.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.IDENTITY), tenant,
						CloudEventRecords.event(UUID.randomUUID(), EventTypes.cloudEventType("identity." + type, 1),
								"strata/identity-service", tenant, tenant, Instant.now(), payload)))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
