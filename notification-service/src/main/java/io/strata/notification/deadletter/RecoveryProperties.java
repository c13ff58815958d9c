package io.strata.notification.deadletter;

import java.time.Duration;

import io.strata.platform.work.QueueSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How recoveries of dead letters run.
 *
 * @param pollInterval pause between claims when no recovery was requested on this
 * instance (one requested on another instance is found then)
 * @param lease how long a claimed recovery stays invisible to other instances
 * @param batchSize recoveries claimed at once
 * @param initialBackoff delay after a failed recovery, doubling with each failure
 * @param maxBackoff the longest delay
 * @param maxAttempts attempts before a recovery is parked
 */
@ConfigurationProperties("strata.notification.recovery")
public record RecoveryProperties(@DefaultValue("500ms") Duration pollInterval, @DefaultValue("5m") Duration lease,
		@DefaultValue("10") int batchSize, @DefaultValue("1s") Duration initialBackoff,
		@DefaultValue("5m") Duration maxBackoff, @DefaultValue("10") int maxAttempts) {

	QueueSettings queue() {
		return new QueueSettings(this.lease, this.batchSize, this.batchSize, this.batchSize, this.pollInterval);
	}

}
