package io.strata.analytics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the analytics service.
 *
 * @param replicas replicas of every index this service creates (0 on a one-node cluster)
 * @param maxAttributeFields attribute leaves per resource indexed for filtering and
 * sorting; the rest stay in the stored document only, so one odd resource cannot blow up
 * an index
 * @param events event history settings
 */
@ConfigurationProperties("strata.analytics")
public record AnalyticsProperties(@DefaultValue("1") int replicas, @DefaultValue("256") int maxAttributeFields,
		@DefaultValue Events events) {

	/**
	 * @param retention how long events are kept; whole daily partitions older than this
	 * are dropped
	 * @param retentionCheckInterval how often expired partitions are looked for
	 */
	public record Events(@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration retentionCheckInterval) {

	}

}
