package io.strata.platform.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry topics for every {@code @KafkaListener}: a failing record moves to
 * {@code <topic>-retry-N} with growing delays, then to {@code <topic>-dlt}, so it never
 * blocks the records behind it.
 *
 * @param enabled whether listeners get retry topics
 * @param attempts total attempts, the first included
 * @param initialInterval delay before the first retry
 * @param multiplier growth of the delay per retry
 * @param maxInterval the longest delay
 * @param partitions partitions of the retry and dead-letter topics created on demand
 */
@ConfigurationProperties("strata.kafka.retry")
public record RetryTopicProperties(@DefaultValue("true") boolean enabled, @DefaultValue("4") int attempts,
		@DefaultValue("1s") Duration initialInterval, @DefaultValue("4.0") double multiplier,
		@DefaultValue("1m") Duration maxInterval, @DefaultValue("3") int partitions) {

}
