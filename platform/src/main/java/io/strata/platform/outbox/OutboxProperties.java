package io.strata.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance runs the relay
 * @param pollInterval pause between polls when the outbox is empty and no transaction of
 * this instance appended events (a fallback: commits here wake the relay at once)
 * @param batchSize rows published per transaction
 * @param sendTimeout how long a batch may wait for Kafka's acknowledgements before it is
 * retried
 */
@ConfigurationProperties("strata.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50ms") Duration pollInterval,
		@DefaultValue("500") int batchSize, @DefaultValue("10s") Duration sendTimeout) {

}
