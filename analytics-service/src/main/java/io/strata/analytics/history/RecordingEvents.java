package io.strata.analytics.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.analytics.search.Elastic;
import io.strata.analytics.tenant.ErasingTenantData;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTypes;
import io.strata.platform.tenant.TenantChange;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.MessageAttemptExhausted;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceDeleted;
import io.strata.proto.resource.v1.ResourceStateChanged;
import io.strata.proto.resource.v1.ResourceUpdated;
import io.strata.proto.workflow.v1.WorkflowRunFinished;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Stores every event of every topic in the day partition of its time. The document id is
 * the CloudEvents id and the write a {@code create}, so a redelivered event is a
 * conflict, not a second copy. A tenant's deletion erases the tenant's documents once its
 * batch is stored ({@link ErasingTenantData}).
 */
@Component
class RecordingEvents {

	private static final Logger log = LoggerFactory.getLogger(RecordingEvents.class);

	private final Elastic elastic;

	private final EventHistoryIndex history;

	private final String topicPrefix;

	private final ErasingTenantData erasing;

	RecordingEvents(Elastic elastic, EventHistoryIndex history,
			@Value("${strata.kafka.topic-prefix:}") String topicPrefix, ErasingTenantData erasing) {
		this.elastic = elastic;
		this.history = history;
		this.topicPrefix = topicPrefix;
		this.erasing = erasing;
	}

	@KafkaListener(id = "analytics-history", groupId = "${spring.application.name}-history",
			topics = { "${strata.kafka.topic-prefix:}resource.events", "${strata.kafka.topic-prefix:}identity.events",
					"${strata.kafka.topic-prefix:}workflow.events", "${strata.kafka.topic-prefix:}ml.events",
					"${strata.kafka.topic-prefix:}notification.events" },
			containerFactory = "batchListenerFactory")
	void onEvents(List<ConsumerRecord<String, byte[]>> records) {
		store(records);
		eraseDeletedTenants(records);
	}

	/**
	 * After the batch is stored, so that a deleted tenant's events up to its deletion
	 * (the deletion included) are stored before they are erased, not after.
	 */
	private void eraseDeletedTenants(List<ConsumerRecord<String, byte[]>> records) {
		for (int i = 0; i < records.size(); i++) {
			Optional<String> tenant;
			try {
				tenant = TenantChange.deleted(CloudEventRecords.fromRecord(records.get(i)));
			}
			catch (RuntimeException ex) {
				// not a CloudEvent (skipped above) or an unreadable deletion
				log.warn("Skipping an unreadable record at {}-{}@{}", records.get(i).topic(),
						records.get(i).partition(), records.get(i).offset(), ex);
				continue;
			}
			if (tenant.isPresent()) {
				try {
					this.erasing.erase(tenant.get());
				}
				catch (RuntimeException ex) {
					// the batch is retried from this record; stored events are conflicts
					throw new BatchListenerFailedException("Could not erase tenant " + tenant.get(), ex, i);
				}
			}
		}
	}

	private void store(List<ConsumerRecord<String, byte[]>> records) {
		StringBuilder bulk = new StringBuilder();
		int lines = 0;
		for (ConsumerRecord<String, byte[]> record : records) {
			Map<String, Object> document;
			try {
				document = document(record, CloudEventRecords.fromRecord(record));
			}
			catch (RuntimeException ex) {
				log.warn("Skipping a record that is not a CloudEvent at {}-{}@{}", record.topic(), record.partition(),
						record.offset(), ex);
				continue;
			}
			Instant time = Instant.parse((String) document.get("time"));
			if (this.history.expired(time)) {
				// never recreate a partition that retention dropped
				continue;
			}
			bulk.append(this.elastic
				.write(Map.of("create", Map.of("_index", this.history.partition(time), "_id", document.get("id")))))
				.append('\n')
				.append(this.elastic.write(document))
				.append('\n');
			lines++;
		}
		if (lines == 0) {
			return;
		}
		JsonNode response;
		try {
			response = this.elastic.send("POST", "/_bulk", bulk.toString());
		}
		catch (RuntimeException ex) {
			if (Elastic.unavailable(ex)) {
				// the whole batch waits for Elasticsearch (KafkaBatchConfiguration)
				throw new BatchListenerFailedException("Elasticsearch is unavailable", ex, 0);
			}
			throw ex;
		}
		if (response.path("errors").asBoolean()) {
			for (JsonNode item : response.path("items")) {
				JsonNode result = item.path("create");
				if (result.path("status").asInt() == 429) {
					throw new BatchListenerFailedException("Elasticsearch sheds load",
							new Elastic.ElasticException(429, result.path("error").toString(), null), 0);
				}
				if (result.path("status").asInt() >= 300 && result.path("status").asInt() != 409) {
					// the batch is retried as a whole; create ops make that harmless
					throw new BatchListenerFailedException(
							"Could not store event " + result.path("_id").asText() + ": " + result.path("error"), 0);
				}
			}
		}
	}

	private Map<String, Object> document(ConsumerRecord<String, byte[]> record, CloudEvent event) {
		Instant now = Instant.now();
		Instant time = (event.getTime() != null) ? event.getTime().toInstant() : now;
		if (time.isAfter(now.plusSeconds(3600))) {
			// a producer's clock far in the future must not create future partitions
			time = now;
		}
		String type = EventTypes.shortType(event.getType());
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("id", event.getId());
		document.put("tenant_id", (CloudEventRecords.tenant(event) != null) ? CloudEventRecords.tenant(event) : "");
		document.put("type", type);
		document.put("ce_type", event.getType());
		document.put("topic", record.topic().startsWith(this.topicPrefix)
				? record.topic().substring(this.topicPrefix.length()) : record.topic());
		document.put("source", event.getSource().toString());
		if (event.getSubject() != null) {
			document.put("subject", event.getSubject());
		}
		document.put("time", time.toString());
		document.put("received_at", now.toString());
		Message payload;
		try {
			payload = EventCatalog.payload(event).orElse(null);
		}
		catch (IllegalArgumentException ex) {
			// the event is still history; it just does not count in the metrics
			payload = null;
		}
		dimensions(payload, document);
		return document;
	}

	/**
	 * What the metrics break down by: run duration and outcome, webhook delivery outcome,
	 * resource type and state.
	 */
	private static void dimensions(Message payload, Map<String, Object> document) {
		switch (payload) {
			case WorkflowRunFinished finished -> {
				document.put("duration_millis", Math.max(0, finished.getDurationMillis()));
				if (!finished.getOperation().getStatus().isEmpty()) {
					document.put("outcome", finished.getOperation().getStatus());
				}
				if (!finished.getOperation().getResourceId().isEmpty()) {
					document.put("resource_id", finished.getOperation().getResourceId());
				}
			}
			case DeliverySucceeded delivered -> {
				document.put("outcome", "succeeded");
				document.put("endpoint_id", delivered.getEndpointId());
				document.put("status_code", delivered.getStatusCode());
			}
			case MessageAttemptExhausted exhausted -> {
				document.put("outcome", "exhausted");
				document.put("endpoint_id", exhausted.getEndpointId());
			}
			case ResourceCreated created -> resource(created.getResource(), document);
			case ResourceUpdated updated -> resource(updated.getResource(), document);
			case ResourceStateChanged changed -> resource(changed.getResource(), document);
			case ResourceDeleted deleted ->
				resource(Resource.newBuilder().setId(deleted.getId()).setType(deleted.getType()).build(), document);
			case null, default -> {
				// no metric reads other payloads
			}
		}
	}

	private static void resource(Resource resource, Map<String, Object> document) {
		document.put("resource_id", resource.getId());
		document.put("resource_type", resource.getType());
		if (!resource.getState().isEmpty()) {
			document.put("state", resource.getState());
		}
	}

}
