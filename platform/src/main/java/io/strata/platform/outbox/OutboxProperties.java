package io.strata.platform.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this instance runs the relay
 * @param pollInterval pause between polls when the outbox is empty and no transaction of
 * this instance appended events. Only a fallback: a commit here wakes the relay at once,
 * so the poll publishes only what an instance left behind when it stopped between commit
 * and relay. Each poll is a transaction, so a short one costs every idle service a steady
 * stream of them (at 50 ms: 20 a second, about 11 ms of the relay's CPU a second plus
 * PostgreSQL's).
 * @param batchSize rows published per transaction
 * @param sendTimeout how long a batch may wait for Kafka's acknowledgements before it is
 * retried
 */
@ConfigurationProperties("strata.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("500ms") Duration pollInterval,
		@DefaultValue("500") int batchSize, @DefaultValue("10s") Duration sendTimeout) {

}
