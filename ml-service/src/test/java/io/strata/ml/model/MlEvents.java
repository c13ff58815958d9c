package io.strata.ml.model;

import java.util.List;

import io.cloudevents.CloudEvent;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;

import io.strata.ml.support.TopicRecords;

/**
 * A tenant's events on {@code ml.events}, read from the beginning with a plain consumer.
 */
final class MlEvents {

	private MlEvents() {
	}

	static List<CloudEvent> of(String bootstrap, EventTopics topics, String tenant) {
		return TopicRecords.readAll(bootstrap, topics.name(EventTopics.ML))
			.stream()
			.map(CloudEventRecords::fromRecord)
			.filter((event) -> tenant.equals(CloudEventRecords.tenant(event)))
			.toList();
	}

}
