package io.strata.platform.consumer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.testsupport.KafkaTestConsumer;
import io.strata.platform.events.CloudEventRecords;
import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Consumers on real Kafka and PostgreSQL: a poison message moves through the retry topic
 * to the dead-letter topic without blocking the records behind it, and a redelivered
 * event takes effect once, one at a time or in batches.
 */
@SpringBootTest
@StrataServers({ Server.POSTGRES, Server.KAFKA })
class ConsumerIntegrationTests {

	static final String TOPIC = "consumer.test";

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ProcessedEvents processed;

	@Value("${strata.kafka.topic-prefix}")
	String prefix;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@BeforeEach
	void effects() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS test_effect (event_id TEXT, note TEXT)");
	}

	@Test
	void poisonMessageGoesToDeadLetterTopicWithoutBlockingTheNextRecord() {
		String poison = send("a-1", "test.poison");
		String good = send("a-1", "test.good");

		await().atMost(Duration.ofSeconds(30)).until(() -> effectCount(good) == 1);
		var dead = KafkaTestConsumer.read(this.bootstrap, this.prefix + TOPIC + "-dlt", 1, Duration.ofSeconds(30));
		assertThat(dead).extracting((record) -> CloudEventRecords.fromRecord(record).getId()).containsExactly(poison);
		assertThat(effectCount(poison)).isZero();
	}

	@Test
	void redeliveredEventTakesEffectOnce() {
		String id = UUID.randomUUID().toString();
		send(id, "a-2", "test.good");
		send(id, "a-2", "test.good");
		String after = send("a-2", "test.good");

		await().atMost(Duration.ofSeconds(30)).until(() -> effectCount(after) == 1);
		assertThat(effectCount(id)).isEqualTo(1);
	}

	@Test
	void aBatchRecordsItsFreshIdsInOneTransactionAndSkipsTheProcessedOnes() {
		String seen = UUID.randomUUID().toString();
		String unseen = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		assertThat(fresh("batch-test", seen)).containsExactly(seen);

		List<String> handed = fresh("batch-test", unseen, seen, other, unseen);

		assertThat(handed).containsExactly(unseen, other);
		assertThat(fresh("batch-test", unseen, other)).isEmpty();
		// another consumer has its own record of the same ids
		assertThat(fresh("other-consumer", seen)).containsExactly(seen);
	}

	@Test
	void aFailingBatchEffectRecordsNoneOfItsIds() {
		String id = UUID.randomUUID().toString();
		assertThatThrownBy(() -> this.processed.onceEach("batch-test", List.of(id), (ids) -> {
			throw new IllegalStateException("effect failed");
		})).isInstanceOf(IllegalStateException.class);

		assertThat(this.processed.wasProcessed("batch-test", id)).isFalse();
		assertThat(fresh("batch-test", id)).containsExactly(id);
	}

	private List<String> fresh(String consumer, String... eventIds) {
		return this.processed.onceEach(consumer, List.of(eventIds), (fresh) -> fresh);
	}

	private String send(String key, String type) {
		return send(UUID.randomUUID().toString(), key, type);
	}

	private String send(String id, String key, String type) {
		CloudEvent event = CloudEventRecords.event(UUID.fromString(id), "io.strata." + type + ".v1", "strata/test", key,
				"t-1", Instant.now(), new byte[0]);
		this.kafka.send(CloudEventRecords.toRecord(this.prefix + TOPIC, key, event)).join();
		return id;
	}

	private int effectCount(String eventId) {
		return this.jdbc.queryForObject("SELECT count(*) FROM test_effect WHERE event_id = ?", Integer.class, eventId);
	}

	@TestConfiguration
	static class Handler {

		@Bean
		TestHandler testHandler(ProcessedEvents processed, JdbcTemplate jdbc) {
			return new TestHandler(processed, jdbc);
		}

	}

	static class TestHandler {

		private final ProcessedEvents processed;

		private final JdbcTemplate jdbc;

		TestHandler(ProcessedEvents processed, JdbcTemplate jdbc) {
			this.processed = processed;
			this.jdbc = jdbc;
		}

		@KafkaListener(topics = "${strata.kafka.topic-prefix}" + TOPIC)
		void on(ConsumerRecord<String, byte[]> record) {
			CloudEvent event = CloudEventRecords.fromRecord(record);
			if (event.getType().contains("poison")) {
				throw new IllegalArgumentException("cannot handle " + event.getId());
			}
			this.processed.once("test-handler", event.getId(), () -> this.jdbc
				.update("INSERT INTO test_effect (event_id, note) VALUES (?, ?)", event.getId(), event.getType()));
		}

	}

}
