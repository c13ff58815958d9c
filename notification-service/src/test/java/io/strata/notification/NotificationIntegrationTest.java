package io.strata.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.security.RouteScopes;
import io.strata.notification.support.TestReceiver;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one Spring context every integration test shares: real PostgreSQL and Kafka, a
 * compressed retry schedule and circuit cool-down, and only 127.0.0.2 allow-listed for
 * outbound calls, so the receiver (bound to 127.0.0.2) is reachable while 127.0.0.1,
 * link-local and private addresses stay refused.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "strata.outbound.allow=127.0.0.2/32", "strata.notification.delivery.schedule=0s,300ms,600ms",
				"strata.notification.delivery.jitter=0", "strata.notification.delivery.timeout=3s",
				"strata.notification.delivery.lease=6s", "strata.notification.delivery.poll-interval=50ms",
				"strata.notification.delivery.circuit-cool-down=2s", "strata.notification.recovery.poll-interval=100ms",
				"strata.notification.retention.interval=500ms", "strata.notification.stream.poll-interval=100ms",
				"strata.kafka.retry.attempts=2", "strata.kafka.retry.initial-interval=200ms",
				"logging.level.org.apache.kafka=WARN" })
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
public abstract class NotificationIntegrationTest {

	protected static final String RECEIVER_HOST = "127.0.0.2";

	protected static final TestTokens tokens = TestTokens.start();

	protected static final TestReceiver receiver = TestReceiver.start(RECEIVER_HOST);

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
	}

	@Autowired
	protected RestTestClient client;

	@Autowired
	protected KafkaTemplate<String, byte[]> kafka;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected EventTopics topics;

	@Autowired
	protected JsonMapper json;

	@org.springframework.beans.factory.annotation.Value("${spring.kafka.bootstrap-servers}")
	protected String bootstrap;

	protected static String newTenant() {
		return "t-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static String newPath() {
		return "/hook-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A tenant admin's token: every API scope, and identity's events too. */
	protected String bearer(String tenant) {
		return bearer(tenant, ADMIN_SCOPES);
	}

	protected String bearer(String tenant, String... scopes) {
		return "Bearer " + tokens.token(tenant, scopes);
	}

	protected static final String[] ADMIN_SCOPES = Stream
		.concat(RouteScopes.API_SCOPES.stream(), Stream.of(RouteScopes.IDENTITY_ADMIN))
		.toArray(String[]::new);

	/** Registers an endpoint and returns the 201 body (with its secret). */
	protected JsonNode register(String tenant, String url, List<String> eventTypes) {
		byte[] body = this.client.post()
			.uri("/v2/webhooks/register")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("url", url, "event_types", eventTypes, "description", "test endpoint"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return this.json.readTree(body);
	}

	/** Registers an endpoint on the test receiver that verifies with its secret. */
	protected JsonNode registerOnReceiver(String tenant, String path, List<String> eventTypes) {
		JsonNode endpoint = register(tenant, receiver.url(path), eventTypes);
		receiver.secrets(path, endpoint.get("secret").asString());
		return endpoint;
	}

	protected JsonNode get(String tenant, String uri) {
		return this.json.readTree(this.client.get()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
	}

	protected static Resource resource(String tenant, String id) {
		Timestamp now = Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()).build();
		return Resource.newBuilder()
			.setId(id)
			.setTenantId(tenant)
			.setType("ticket")
			.setTypeVersion(1)
			.setState("open")
			.setAttributes(Struct.newBuilder().putFields("title", Value.newBuilder().setStringValue("Printer").build()))
			.setVersion(1)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

	/** Publishes a resource.created event as workflow-service's outbox would. */
	protected String publishResourceCreated(String tenant, String resourceId) {
		return publish(EventTopics.RESOURCE, UUID.randomUUID(), "io.strata.resource.created.v1", tenant, resourceId,
				ResourceCreated.newBuilder().setResource(resource(tenant, resourceId)).build());
	}

	protected String publish(String topic, UUID eventId, String type, String tenant, String key, Message payload) {
		CloudEvent event = CloudEventRecords.event(eventId, type, "strata/workflow-service", key, tenant, Instant.now(),
				payload.toByteArray());
		this.kafka.send(CloudEventRecords.toRecord(this.topics.name(topic), key, event)).join();
		return eventId.toString();
	}

	/**
	 * Reads a topic from the beginning until {@code expected} records with this key
	 * arrived.
	 */
	protected List<ConsumerRecord<String, byte[]>> read(String topic, String key, int expected) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap,
				ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
				"earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			Instant deadline = Instant.now().plusSeconds(20);
			while (records.size() < expected && Instant.now().isBefore(deadline)) {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (key.equals(record.key())) {
						records.add(record);
					}
				});
			}
		}
		return records;
	}

}
