package io.strata.analytics.resource;

import java.util.List;

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

	IndexingResourceEvents(ResourceIndexer indexer, ResourceIndex index) {
		this.indexer = indexer;
		this.index = index;
	}

	@KafkaListener(id = "analytics-resources", groupId = "${spring.application.name}-resources",
			topics = "${strata.kafka.topic-prefix:}resource.events", containerFactory = "batchListenerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		int failed = -1;
		for (String target : this.index.writeTargets()) {
			int position = this.indexer.apply(target, records);
			if (position >= 0) {
				failed = (failed < 0) ? position : Math.min(failed, position);
			}
		}
		if (failed >= 0) {
			throw new BatchListenerFailedException("Could not index resource event", failed);
		}
	}

}
