package io.strata.notification.ingest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The fan-out consumer: how it polls the domain topics and what it does with a record it
 * cannot record.
 *
 * @param maxPollRecords most records handed over per poll, hence per transaction
 * @param fetchMinBytes the broker answers a fetch once it has this much (1: at once)
 * @param fetchMaxWait the longest the broker holds a fetch waiting for
 * {@code fetchMinBytes}
 * @param concurrency consumers in this instance (the domain topics' partitions are shared
 * among them)
 * @param poisonAttempts attempts at a record that fails on its own, the first included,
 * before it is parked on {@code <topic>-dlt}
 * @param poisonBackoff delay between those attempts
 * @param outageMaxBackoff longest delay between retries of a batch while the database is
 * unreachable (it is retried until it is back, never parked)
 */
@ConfigurationProperties("strata.notification.ingest")
public record IngestProperties(@DefaultValue("500") int maxPollRecords, @DefaultValue("1") int fetchMinBytes,
		@DefaultValue("100ms") Duration fetchMaxWait, @DefaultValue("1") int concurrency,
		@DefaultValue("3") int poisonAttempts, @DefaultValue("200ms") Duration poisonBackoff,
		@DefaultValue("30s") Duration outageMaxBackoff) {

}
