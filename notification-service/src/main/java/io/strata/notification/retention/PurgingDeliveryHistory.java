package io.strata.notification.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Periodically deletes old delivered deliveries (their attempts go with them by
 * {@code ON DELETE CASCADE}) and then old messages that no delivery refers to any more.
 * Runs as the service's own role, across tenants, in small batches; several instances may
 * run it at once, since deleting is idempotent.
 */
@Component
class PurgingDeliveryHistory {

	private static final Logger log = LoggerFactory.getLogger(PurgingDeliveryHistory.class);

	private final JdbcClient jdbc;

	private final RetentionProperties properties;

	PurgingDeliveryHistory(JdbcClient jdbc, RetentionProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Scheduled(initialDelayString = "${strata.notification.retention.interval:1h}",
			fixedDelayString = "${strata.notification.retention.interval:1h}")
	void purge() {
		try {
			long deliveries = purgeDeliveries();
			long messages = purgeMessages();
			if (deliveries + messages > 0) {
				log.info("Purged {} delivered deliveries and {} messages older than {}", deliveries, messages,
						this.properties.delivered());
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not purge delivery history; retrying at the next interval: {}", ex.getMessage());
		}
	}

	private long purgeDeliveries() {
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					DELETE FROM webhook_delivery WHERE id IN (
					    SELECT id FROM webhook_delivery
					    WHERE status = 'delivered' AND delivered_at < now() - (? * interval '1 millisecond')
					    LIMIT ?)""")
				.params(this.properties.delivered().toMillis(), this.properties.batchSize())
				.update();
			total += deleted;
		}
		while (deleted == this.properties.batchSize());
		return total;
	}

	private long purgeMessages() {
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql("""
					DELETE FROM webhook_message WHERE id IN (
					    SELECT m.id FROM webhook_message m
					    WHERE m.created_at < now() - (? * interval '1 millisecond')
					      AND NOT EXISTS (SELECT 1 FROM webhook_delivery d WHERE d.message_id = m.id)
					    LIMIT ?)""")
				.params(this.properties.delivered().toMillis(), this.properties.batchSize())
				.update();
			total += deleted;
		}
		while (deleted == this.properties.batchSize());
		return total;
	}

}
