package io.strata.analytics.consumer;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

import io.strata.analytics.search.Elastic;
import io.strata.platform.events.EventTopics;

import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Batch listeners for bulk indexing. A failing record (pinpointed with
 * {@code BatchListenerFailedException}) is retried in place with backoff, then parked on
 * {@code <topic>-dlt} like every other Strata consumer's poison records, and the batch
 * goes on after it. While Elasticsearch itself is unavailable
 * ({@link Elastic#unavailable}) nothing is parked: the batch is retried, backing off up
 * to 30 s, until it is back, and search catches up from where it stopped.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaBatchConfiguration {

	/** The topics whose events the history stores: every producing domain. */
	public static final List<String> ALL_TOPICS = List.of(EventTopics.RESOURCE, EventTopics.IDENTITY,
			EventTopics.WORKFLOW, EventTopics.ML, EventTopics.NOTIFICATION);

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> batchListenerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			KafkaTemplate<String, byte[]> kafka) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		ExponentialBackOff backOff = new ExponentialBackOff(500, 4.0);
		backOff.setMaxAttempts(3);
		DefaultErrorHandler errors = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(kafka,
				(record, ex) -> new TopicPartition(record.topic() + "-dlt", -1)), backOff);
		ExponentialBackOff untilBack = new ExponentialBackOff(1000, 2.0);
		untilBack.setMaxInterval(30_000);
		errors.setBackOffFunction((record, ex) -> Elastic.unavailable(ex) ? untilBack : null);
		// an outage is not the record's fault: its attempts start again afterwards
		errors.setResetStateOnExceptionChange(true);
		factory.setCommonErrorHandler(errors);
		return factory;
	}

	/**
	 * Declares the consumed topics so that a fresh cluster works in any start order; the
	 * producers declare them the same way, and declaring an existing topic does nothing.
	 */
	@Bean
	KafkaAdmin.NewTopics consumedTopics(EventTopics topics) {
		return new KafkaAdmin.NewTopics(ALL_TOPICS.stream()
			.map((topic) -> TopicBuilder.name(topics.name(topic)).partitions(3).replicas(1).build())
			.toArray(NewTopic[]::new));
	}

}
