package io.strata.platform.consumer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;
import org.springframework.kafka.retrytopic.RetryTopicConfigurationBuilder;

/**
 * Spring Kafka's retry topics with backoff and a dead-letter topic for every listener.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBean(KafkaTemplate.class)
@ConditionalOnProperty(name = "strata.kafka.retry.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetryTopicProperties.class)
public class RetryTopicAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RetryTopicConfiguration retryTopicConfiguration(KafkaTemplate<String, byte[]> kafka,
			RetryTopicProperties properties) {
		return RetryTopicConfigurationBuilder.newInstance()
			.maxAttempts(properties.attempts())
			.exponentialBackoff(properties.initialInterval().toMillis(), properties.multiplier(),
					properties.maxInterval().toMillis())
			.retryTopicSuffix("-retry")
			.dltSuffix("-dlt")
			.autoCreateTopics(true, properties.partitions(), (short) 1)
			.create(kafka);
	}

}
