package io.strata.notification.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often a stream looks for new events
 * @param heartbeat idle time after which a comment keeps proxies from closing the stream
 * @param maxDuration a stream ends after this; clients reconnect with Last-Event-ID
 * @param batchSize events read per poll
 */
@ConfigurationProperties("strata.notification.stream")
public record StreamProperties(@DefaultValue("250ms") Duration pollInterval, @DefaultValue("15s") Duration heartbeat,
		@DefaultValue("30m") Duration maxDuration, @DefaultValue("200") int batchSize) {

}
