package io.strata.analytics.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.strata.analytics.search.Elastic;
import io.strata.platform.events.CloudEventRecords;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Keeps the resources read model up to date from {@code resource.events}, a batch at a
 * time through the alias (so a rebuild's alias switch takes effect at once) and into a
 * generation being rebuilt, if any.
 */
@Component
class IndexingResourceEvents {

	private final ResourceIndexer indexer;

	private final ResourceIndex index;

	private final Timer freshness;

	IndexingResourceEvents(ResourceIndexer indexer, ResourceIndex index, MeterRegistry meters) {
		this.indexer = indexer;
		this.index = index;
		this.freshness = Timer.builder("strata.search.index.lag")
			.description("Time from a resource event's commit to its write into the search index; "
					+ "search sees it after the index's next refresh (1 s)")
			.publishPercentiles(0.5, 0.95, 0.99)
			.publishPercentileHistogram()
			.register(meters);
	}

	@KafkaListener(id = "analytics-resources", groupId = "${spring.application.name}-resources",
			topics = "${strata.kafka.topic-prefix:}resource.events", containerFactory = "batchListenerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		int failed = -1;
		for (String target : this.index.writeTargets()) {
			int position;
			try {
				position = this.indexer.apply(target, records);
			}
			catch (RuntimeException ex) {
				if (Elastic.unavailable(ex)) {
					// the whole batch waits for Elasticsearch (KafkaBatchConfiguration)
					throw new BatchListenerFailedException("Elasticsearch is unavailable", ex, 0);
				}
				throw ex;
			}
			if (position >= 0) {
				failed = (failed < 0) ? position : Math.min(failed, position);
			}
		}
		recordFreshness(records, (failed >= 0) ? failed : records.size());
		if (failed >= 0) {
			throw new BatchListenerFailedException("Could not index resource event", failed);
		}
	}

	private void recordFreshness(List<ConsumerRecord<String, byte[]>> records, int indexed) {
		Instant now = Instant.now();
		for (int i = 0; i < indexed; i++) {
			Instant occurredAt = CloudEventRecords.occurredAt(records.get(i));
			if (occurredAt != null && occurredAt.isBefore(now)) {
				this.freshness.record(Duration.between(occurredAt, now));
			}
		}
	}

}
