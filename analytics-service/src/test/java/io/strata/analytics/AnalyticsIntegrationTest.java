package io.strata.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.strata.platform.proto.Structs;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceDeleted;
import io.strata.proto.resource.v1.ResourceUpdated;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one Spring context every integration test of this module shares (same annotations
 * and properties): real Kafka and Elasticsearch, a topic and index prefix of its own.
 * Tests isolate from each other by tenant ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.KAFKA, Server.ELASTICSEARCH })
public abstract class AnalyticsIntegrationTest {

	protected static final TestTokens tokens = TestTokens.start();

	protected static final TestInferenceServer ml = TestInferenceServer.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
		registry.add("strata.analytics.semantic.ml-grpc", ml::address);
		registry.add("strata.analytics.semantic.backfill-interval", () -> "1s");
		registry.add("strata.analytics.semantic.pause-after-failure", () -> "2s");
	}

	@Autowired
	protected RestTestClient client;

	@Autowired
	protected KafkaTemplate<String, byte[]> kafka;

	@Autowired
	protected EventTopics topics;

	protected static String newTenant() {
		return "tenant-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static Resource resource(String tenant, String id, long version, String state,
			Map<String, Object> attributes) {
		Instant created = Instant.parse("2024-05-01T00:00:00Z").plusSeconds(id.hashCode() & 0xffff);
		return Resource.newBuilder()
			.setId(id)
			.setTenantId(tenant)
			.setType("ticket")
			.setTypeVersion(1)
			.setState(state)
			.setAttributes(Structs.ofMap(attributes))
			.setVersion(version)
			.setCreatedAt(timestamp(created))
			.setUpdatedAt(timestamp(created.plusSeconds(version)))
			.build();
	}

	protected void created(Resource resource) {
		publish(EventTopics.RESOURCE, "resource.created", resource.getTenantId(), resource.getId(),
				ResourceCreated.newBuilder().setResource(resource).build(), Instant.now());
	}

	protected void updated(Resource resource) {
		publish(EventTopics.RESOURCE, "resource.updated", resource.getTenantId(), resource.getId(),
				ResourceUpdated.newBuilder().setResource(resource).build(), Instant.now());
	}

	protected void deleted(String tenant, String id, long version) {
		publish(EventTopics.RESOURCE, "resource.deleted", tenant, id,
				ResourceDeleted.newBuilder()
					.setTenantId(tenant)
					.setId(id)
					.setType("ticket")
					.setVersion(version)
					.build(),
				Instant.now());
	}

	protected void publish(String topic, String type, String tenant, String key, Message payload, Instant at) {
		publish(UUID.randomUUID(), topic, type, tenant, key, payload, at);
	}

	protected void publish(UUID id, String topic, String type, String tenant, String key, Message payload, Instant at) {
		try {
			this.kafka
				.send(CloudEventRecords.toRecord(this.topics.name(topic), key, CloudEventRecords.event(id,
						EventTypes.cloudEventType(type, 1), "/test", key, tenant, at, payload.toByteArray())))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected RestTestClient.ResponseSpec get(String tenant, String uri, Object... variables) {
		return this.client.get()
			.uri(uri, variables)
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.API_SCOPES.toArray(String[]::new)))
			.exchange();
	}

	protected static Duration patience() {
		return Duration.ofSeconds(30);
	}

	protected static Timestamp timestamp(Instant instant) {
		return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
	}

}
