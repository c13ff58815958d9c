package io.strata.notification.retention;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long delivery history is kept.
 *
 * @param delivered delivered deliveries (with their attempts) older than this, by
 * delivery time, are purged, and so are messages this old that have no delivery left;
 * dead letters and pending deliveries are never purged
 * @param interval pause between purges
 * @param batchSize rows deleted per statement, so a purge never holds long locks
 */
@ConfigurationProperties("strata.notification.retention")
public record RetentionProperties(@DefaultValue("30d") Duration delivered, @DefaultValue("1h") Duration interval,
		@DefaultValue("5000") int batchSize) {

}
