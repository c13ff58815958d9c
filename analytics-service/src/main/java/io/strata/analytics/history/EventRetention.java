package io.strata.analytics.history;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Enforces the event retention period by dropping expired day partitions. */
@Component
public class EventRetention {

	private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

	private final EventHistoryIndex history;

	public EventRetention(EventHistoryIndex history) {
		this.history = history;
	}

	@Scheduled(initialDelayString = "${strata.analytics.events.retention-check-interval:1h}",
			fixedDelayString = "${strata.analytics.events.retention-check-interval:1h}")
	public void dropExpiredPartitions() {
		List<String> dropped = this.history.dropExpired();
		if (!dropped.isEmpty()) {
			log.info("Dropped expired event partitions {}", dropped);
		}
	}

}
