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
 * @param refreshInterval how soon a write to the resources index becomes searchable
 * (Elasticsearch's {@code refresh_interval}): a write waits for the next refresh, so this
 * bounds a good part of write → searchable; shorter costs Elasticsearch more segment work
 * under heavy writes. Applied to the index at every start.
 */
@ConfigurationProperties("strata.analytics")
public record AnalyticsProperties(@DefaultValue("1") int replicas, @DefaultValue("256") int maxAttributeFields,
		@DefaultValue Events events, @DefaultValue("250ms") Duration refreshInterval) {

	/**
	 * @param retention how long events are kept; whole daily partitions older than this
	 * are dropped
	 * @param retentionCheckInterval how often expired partitions are looked for
	 */
	public record Events(@DefaultValue("30d") Duration retention, @DefaultValue("1h") Duration retentionCheckInterval) {

	}

}
