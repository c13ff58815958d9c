package io.strata.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Received;
import io.strata.notification.support.TestReceiver.Reply;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.EndpointDisabled;
import io.strata.proto.resource.v1.ResourceCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What happens around deliveries: the {@code delivery.succeeded} event analytics counts,
 * W3C trace context carried from the event to the webhook, disabling an endpoint that has
 * failed continuously for too long, and purging old delivery history.
 */
class DeliveryLifecycleIntegrationTests extends NotificationIntegrationTest {

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void aSuccessfulDeliveryPublishesDeliverySucceededAndCarriesTheEventsTraceparent() throws Exception {
		String tenant = newTenant();
		String path = newPath();
		String id = registerOnReceiver(tenant, path, List.of("resource.*")).get("id").asString();

		// a plain producer: the test's instrumented KafkaTemplate would add a
		// traceparent of its own to every record
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap), new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> traced = resourceCreated(tenant, "res-traced");
			traced.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
			producer.send(traced).get();
			producer.send(resourceCreated(tenant, "res-untraced")).get();
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() == 2);
		List<Received> got = receiver.received(path);
		assertThat(got).filteredOn((r) -> r.body().contains("res-traced"))
			.singleElement()
			.extracting(Received::traceparent)
			.isEqualTo(TRACEPARENT);
		assertThat(got).filteredOn((r) -> r.body().contains("res-untraced"))
			.singleElement()
			.extracting(Received::traceparent)
			.isNull();

		List<ConsumerRecord<String, byte[]>> events = read(this.topics.name(EventTopics.NOTIFICATION), id, 2);
		assertThat(events).hasSize(2);
		for (ConsumerRecord<String, byte[]> published : events) {
			CloudEvent cloudEvent = CloudEventRecords.fromRecord(published);
			assertThat(cloudEvent.getType()).isEqualTo("io.strata.notification.delivery.succeeded.v1");
			assertThat(CloudEventRecords.tenant(cloudEvent)).isEqualTo(tenant);
			DeliverySucceeded succeeded = DeliverySucceeded.parseFrom(cloudEvent.getData().toBytes());
			assertThat(succeeded.getEndpointId()).isEqualTo(id);
			assertThat(succeeded.getStatusCode()).isEqualTo(200);
			assertThat(succeeded.getLatencyMillis()).isGreaterThanOrEqualTo(0);
		}
		assertThat(events).extracting((r) -> messageIdOf(r))
			.containsExactlyInAnyOrderElementsOf(got.stream().map(Received::webhookId).toList());
	}

	@Test
	void anEndpointFailingContinuouslyForTheConfiguredTimeIsDisabledWithAnEvent() {
		String tenant = newTenant();
		String longFailing = newPath();
		String recentlyFailing = newPath();
		String recovered = newPath();
		String longId = registerOnReceiver(tenant, longFailing, List.of("resource.*")).get("id").asString();
		String recentId = registerOnReceiver(tenant, recentlyFailing, List.of("resource.*")).get("id").asString();
		String recoveredId = registerOnReceiver(tenant, recovered, List.of("resource.*")).get("id").asString();
		receiver.reply(longFailing, (n) -> Reply.status(500));
		receiver.reply(recentlyFailing, (n) -> Reply.status(500));
		// the clock is compressed by moving the start of the failures back: the
		// default threshold (5 days) applies
		this.jdbc.update(
				"UPDATE webhook_endpoint SET failing_since = now() - interval '5 days 1 minute' WHERE id IN (?, ?)",
				longId, recoveredId);
		this.jdbc.update("UPDATE webhook_endpoint SET failing_since = now() - interval '4 days' WHERE id = ?",
				recentId);

		publishResourceCreated(tenant, "res-failing");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> "disabled".equals(get(tenant, "/v2/webhooks/" + longId).get("status").asString()));
		List<ConsumerRecord<String, byte[]>> events = read(this.topics.name(EventTopics.NOTIFICATION), longId, 1);
		assertThat(events).hasSize(1);
		CloudEvent disabled = CloudEventRecords.fromRecord(events.get(0));
		assertThat(disabled.getType()).isEqualTo("io.strata.notification.endpoint.disabled.v1");
		assertThat(CloudEventRecords.tenant(disabled)).isEqualTo(tenant);
		try {
			assertThat(EndpointDisabled.parseFrom(disabled.getData().toBytes()).getReason()).contains("failed");
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
		// the others: failing for less long, or succeeding again
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(recentlyFailing).size() == 3);
		assertThat(get(tenant, "/v2/webhooks/" + recentId).get("status").asString()).isEqualTo("enabled");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("SELECT failing_since IS NULL FROM webhook_endpoint WHERE id = ?",
					Boolean.class, recoveredId));
		assertThat(get(tenant, "/v2/webhooks/" + recoveredId).get("status").asString()).isEqualTo("enabled");
		// a disabled endpoint receives nothing more
		int before = receiver.received(longFailing).size();
		publishResourceCreated(tenant, "res-after-disable");
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(recovered).size() == 2);
		assertThat(receiver.received(longFailing)).hasSize(before);
	}

	@Test
	void oldDeliveredHistoryIsPurgedWhileRecentHistoryAndDeadLettersStay() {
		String tenant = newTenant();
		String path = newPath();
		String failing = newPath();
		registerOnReceiver(tenant, path, List.of("resource.*"));
		String failingId = registerOnReceiver(tenant, failing, List.of("resource.*")).get("id").asString();
		receiver.reply(failing, (n) -> Reply.status(500));
		publishResourceCreated(tenant, "res-old");
		publishResourceCreated(tenant, "res-recent");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'delivered'",
					tenant) == 2
					&& count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'dead'",
							tenant) == 2);
		String old = receiver.received(path)
			.stream()
			.filter((r) -> r.body().contains("res-old"))
			.findFirst()
			.orElseThrow()
			.webhookId();
		// older than the retention (30 days by default)
		this.jdbc.update("UPDATE webhook_message SET created_at = now() - interval '31 days' WHERE id = ?", old);
		this.jdbc.update("""
				UPDATE webhook_delivery SET created_at = now() - interval '31 days',
				       delivered_at = CASE WHEN status = 'delivered' THEN now() - interval '31 days' END,
				       dead_at = CASE WHEN status = 'dead' THEN now() - interval '31 days' END
				WHERE message_id = ?""", old);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("SELECT count(*) FROM webhook_delivery WHERE message_id = ? AND status = 'delivered'",
					old) == 0);
		assertThat(count("SELECT count(*) FROM webhook_attempt WHERE message_id = ? AND succeeded", old)).isZero();
		// the dead letter of the same message stays (it can still be resent), so does
		// the message
		assertThat(count("SELECT count(*) FROM webhook_delivery WHERE message_id = ? AND status = 'dead'", old))
			.isEqualTo(1);
		assertThat(count("SELECT count(*) FROM webhook_message WHERE id = ?", old)).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'delivered'", tenant))
			.isEqualTo(1);

		// once the dead letter is gone too (its endpoint deleted), the old message goes
		this.client.delete()
			.uri("/v2/webhooks/" + failingId)
			.header(org.springframework.http.HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("SELECT count(*) FROM webhook_message WHERE id = ?", old) == 0);
		assertThat(count("SELECT count(*) FROM webhook_message WHERE tenant_id = ?", tenant)).isEqualTo(1);
	}

	private ProducerRecord<String, byte[]> resourceCreated(String tenant, String resourceId) {
		CloudEvent event = CloudEventRecords.event(UUID.randomUUID(), "io.strata.resource.created.v1",
				"strata/workflow-service", resourceId, tenant, Instant.now(),
				ResourceCreated.newBuilder().setResource(resource(tenant, resourceId)).build().toByteArray());
		return CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), resourceId, event);
	}

	private int count(String sql, String arg) {
		return this.jdbc.queryForObject(sql, Integer.class, arg);
	}

	private static String messageIdOf(ConsumerRecord<String, byte[]> record) {
		try {
			return DeliverySucceeded.parseFrom(CloudEventRecords.fromRecord(record).getData().toBytes()).getMessageId();
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

}
