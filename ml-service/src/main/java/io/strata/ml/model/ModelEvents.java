package io.strata.ml.model;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.proto.ml.v1.ModelTrained;
import io.strata.proto.ml.v1.ModelTrainingFailed;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells webhooks and the live stream how a training ended: {@code ml.model.trained} or
 * {@code ml.model.training_failed} on {@code ml.events}, keyed by model name. The version
 * in S3 is the record (ml has no database for an outbox); the event follows it, with an
 * id derived from tenant, model and version so that a repeated publication is the same
 * event. A publication that fails is logged: the version's state still answers a poll.
 */
@Component
class ModelEvents {

	private static final Logger log = LoggerFactory.getLogger(ModelEvents.class);

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventTopics topics;

	private final ModelRegistry registry;

	ModelEvents(KafkaTemplate<String, byte[]> kafka, EventTopics topics, ModelRegistry registry) {
		this.kafka = kafka;
		this.topics = topics;
		this.registry = registry;
	}

	void finished(String tenant, Manifest manifest) {
		Message payload = Manifest.READY.equals(manifest.state())
				? ModelTrained.newBuilder()
					.setTenantId(tenant)
					.setModel(manifest.name())
					.setVersion(manifest.version())
					.setArtifactUri(this.registry.artifactUri(tenant, manifest.name(), manifest.version()))
					.setTask(manifest.task())
					.setAlgorithm(manifest.algorithm())
					.putAllMetrics(manifest.metrics())
					.setTrainingRows(manifest.trainingRows())
					.build()
				: ModelTrainingFailed.newBuilder()
					.setTenantId(tenant)
					.setModel(manifest.name())
					.setVersion(manifest.version())
					.setReason(String.valueOf(manifest.failureReason()))
					.build();
		EventCatalog.Entry entry = EventCatalog.of(payload.getClass());
		UUID id = UUID.nameUUIDFromBytes(
				(tenant + "/" + manifest.name() + "/" + manifest.version()).getBytes(StandardCharsets.UTF_8));
		Instant at = (manifest.finishedAt() != null) ? manifest.finishedAt() : Instant.now();
		try {
			this.kafka.send(CloudEventRecords.toRecord(this.topics.name(entry.topic()), manifest.name(),
					CloudEventRecords.event(id, entry.cloudEventType(), "/ml/models", manifest.name(), tenant, at,
							payload.toByteArray())))
				.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			log.warn("Could not publish the end of training {} version {} of {}", manifest.name(), manifest.version(),
					tenant, ex);
		}
	}

}
