package io.strata.notification.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Received;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out consumes in batches on real Kafka and PostgreSQL: a poison record in a
 * batch is parked on {@code <topic>-dlt} while the records before and after it are
 * delivered, and a batch handed over again creates no second message or delivery.
 */
class FanOutBatchIntegrationTests extends NotificationIntegrationTest {

	private static final String CREATED = "io.strata.resource.created.v1";

	@Test
	void aPoisonRecordIsParkedOnTheDeadLetterTopicAndTheRestOfItsBatchIsDelivered() {
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.created"));
		String key = "res-" + UUID.randomUUID();
		// one key, one partition: the poison record sits between good ones of the same
		// batch
		List<CompletableFuture<?>> sent = new ArrayList<>();
		List<String> good = new ArrayList<>();
		String poison = UUID.randomUUID().toString();
		for (int i = 0; i < 10; i++) {
			good.add(UUID.randomUUID().toString());
			sent.add(send(good.getLast(), tenant, key, payload(tenant, key)));
		}
		// a resource.created whose payload is not a ResourceCreated: unreadable, every
		// time
		sent.add(send(poison, tenant, key, new byte[] { 0x0a, 0x7f, 0x01 }));
		for (int i = 0; i < 10; i++) {
			good.add(UUID.randomUUID().toString());
			sent.add(send(good.getLast(), tenant, key, payload(tenant, key)));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

		await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received(path).size() >= good.size());
		List<ConsumerRecord<String, byte[]>> dead = read(this.topics.name(EventTopics.RESOURCE) + "-dlt", key, 1);
		assertThat(dead).extracting((record) -> CloudEventRecords.fromRecord(record).getId()).containsExactly(poison);
		assertThat(messageCount(poison)).isZero();
		assertThat(receiver.received(path)).extracting(Received::webhookId).doesNotHaveDuplicates().hasSize(20);
	}

	@Test
	void aBatchHandedOverAgainCreatesNoSecondMessageOrDelivery() {
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.created"));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			ids.add(UUID.randomUUID().toString());
		}
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (String id : ids) {
				sent.add(send(id, tenant, "res-" + id, payload(tenant, "res-" + id)));
			}
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
		String after = publishResourceCreated(tenant, "res-after");

		await().atMost(Duration.ofSeconds(60)).until(() -> messageCount(after) == 1);
		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() >= ids.size() + 1);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> receiver.received(path).size() == ids.size() + 1);
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_message WHERE tenant_id = ? AND event_id = ANY (?::text[])",
				Integer.class, tenant, ids.toArray(String[]::new)))
			.isEqualTo(ids.size());
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE tenant_id = ?", Integer.class,
				tenant))
			.isEqualTo(ids.size() + 1);
		assertThat(receiver.received(path)).extracting(Received::webhookId).doesNotHaveDuplicates();
	}

	private CompletableFuture<?> send(String id, String tenant, String key, byte[] payload) {
		CloudEvent event = CloudEventRecords.event(UUID.fromString(id), CREATED, "strata/workflow-service", key, tenant,
				Instant.now(), payload);
		return this.kafka.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), key, event));
	}

	private static byte[] payload(String tenant, String key) {
		return ResourceCreated.newBuilder().setResource(resource(tenant, key)).build().toByteArray();
	}

	private int messageCount(String eventId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM webhook_message WHERE event_id = ?", Integer.class,
				eventId);
	}

}
