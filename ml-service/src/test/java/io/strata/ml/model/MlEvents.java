package io.strata.ml.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;

/**
 * A tenant's events on {@code ml.events}, read from the beginning with a plain consumer.
 */
final class MlEvents {

	private MlEvents() {
	}

	static List<CloudEvent> of(String bootstrap, EventTopics topics, String tenant) {
		String topic = topics.name(EventTopics.ML);
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<CloudEvent> events = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			Instant deadline = Instant.now().plusSeconds(20);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))
					&& Instant.now().isBefore(deadline)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					CloudEvent event = CloudEventRecords.fromRecord(record);
					if (tenant.equals(CloudEventRecords.tenant(event))) {
						events.add(event);
					}
				}
			}
		}
		return events;
	}

}
