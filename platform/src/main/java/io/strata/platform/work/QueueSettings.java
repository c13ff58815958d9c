package io.strata.platform.work;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tunables of one queue, nested in a feature's {@code @ConfigurationProperties} (e.g.
 * {@code strata.notification.delivery.queue.batch-size}).
 *
 * @param lease how long a claimed item stays invisible to other workers; an item whose
 * worker dies comes back after it
 * @param batchSize items claimed in one round trip
 * @param maxInFlight items one instance works on at once
 * @param perKey items of one fairness key in flight per instance, so that one slow key
 * (endpoint) cannot take every slot
 * @param pollInterval the fallback pause between claims when nothing is due and no
 * wake-up came (work committed by another instance, an item whose backoff ran out)
 */
public record QueueSettings(@DefaultValue("60s") Duration lease, @DefaultValue("100") int batchSize,
		@DefaultValue("256") int maxInFlight, @DefaultValue("4") int perKey,
		@DefaultValue("500ms") Duration pollInterval) {

	public QueueSettings {
		if (batchSize < 1 || maxInFlight < 1 || perKey < 1) {
			throw new IllegalArgumentException("batch-size, max-in-flight and per-key must be at least 1");
		}
	}

	public static QueueSettings defaults() {
		return new QueueSettings(Duration.ofSeconds(60), 100, 256, 4, Duration.ofMillis(500));
	}

}
