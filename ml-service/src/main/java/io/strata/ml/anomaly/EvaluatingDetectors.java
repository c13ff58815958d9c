package io.strata.ml.anomaly;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Timestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.proto.ml.v1.AnomalyDetected;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Judges every detector's last two closed intervals (so a spike is reported within two
 * intervals even if one run is missed), a grace period after they closed, records each
 * new anomaly once and publishes {@code ml.anomaly.detected} on {@code ml.events}, from
 * where webhooks and the live stream take it like every event. The event id is derived
 * from the detector and the interval, so a publication repeated after a failure is the
 * same event to consumers; a failed publication forgets the anomaly, and the next run
 * reports it again.
 */
@Component
class EvaluatingDetectors {

	static final EventCatalog.Entry EVENT = EventCatalog.of(AnomalyDetected.class);

	private static final Logger log = LoggerFactory.getLogger(EvaluatingDetectors.class);

	private final DetectorStore store;

	private final EventCounts counts;

	private final KafkaTemplate<String, byte[]> kafka;

	private final EventTopics topics;

	private final Duration grace;

	EvaluatingDetectors(DetectorStore store, EventCounts counts, KafkaTemplate<String, byte[]> kafka,
			EventTopics topics, @Value("${strata.ml.anomaly.grace:10s}") Duration grace) {
		this.store = store;
		this.counts = counts;
		this.kafka = kafka;
		this.topics = topics;
		this.grace = grace;
	}

	EventCounts counts() {
		return this.counts;
	}

	@Scheduled(initialDelayString = "${strata.ml.anomaly.evaluation-interval:15s}",
			fixedDelayString = "${strata.ml.anomaly.evaluation-interval:15s}")
	void evaluateAll() {
		for (String[] detector : this.store.all()) {
			try {
				this.store.find(detector[0], detector[1])
					.ifPresentOrElse((found) -> evaluate(found, Instant.now()),
							// erased with its tenant: only the entry in the set of all
							// was left
							() -> this.store.forget(detector[0], detector[1]));
			}
			catch (RuntimeException ex) {
				log.warn("Could not evaluate detector {} of {}; the next run tries again", detector[1], detector[0],
						ex);
			}
		}
	}

	/**
	 * The anomalies newly found in the detector's last two closed intervals before now.
	 */
	List<DetectorStore.StoredAnomaly> evaluate(Detector detector, Instant now) {
		DetectorDefinitions.Definition definition = DetectorDefinitions.check(detector.eventType(), detector.interval(),
				detector.sensitivity(), new ArrayList<>());
		Duration interval = definition.interval();
		int intervals = MadDetector.WINDOW + 2;
		// an interval is judged once it closed at least the grace period ago, so that
		// events
		// still in flight (producers' outboxes, consumer lag) are mostly counted
		Instant end = DetectorDefinitions.floor(now.minus(this.grace), interval);
		Instant start = end.minus(interval.multipliedBy(intervals));
		double[] series = this.counts.series(detector.tenantId(), detector.eventType(), start, interval, intervals);
		double[][] previousWeeks = this.counts.previousWeeks(detector.tenantId(), detector.eventType(), start, interval,
				intervals);
		Instant recent = end.minus(interval.multipliedBy(2));
		List<DetectorStore.StoredAnomaly> reported = new ArrayList<>();
		for (DetectorDefinitions.Found found : DetectorDefinitions.judge(series, previousWeeks, definition, start)) {
			if (found.start().isBefore(recent)) {
				continue;
			}
			DetectorStore.StoredAnomaly anomaly = new DetectorStore.StoredAnomaly(found.start(), found.value(),
					found.expected(), found.score(), now);
			if (this.store.recordAnomaly(detector, anomaly)) {
				try {
					publish(detector, anomaly);
					reported.add(anomaly);
				}
				catch (Exception ex) {
					this.store.forgetAnomaly(detector, anomaly.start());
					log.warn("Could not publish an anomaly of detector {}; the next run tries again", detector.id(),
							ex);
				}
			}
		}
		return reported;
	}

	private void publish(Detector detector, DetectorStore.StoredAnomaly anomaly) throws Exception {
		AnomalyDetected payload = AnomalyDetected.newBuilder()
			.setTenantId(detector.tenantId())
			.setDetectorId(detector.id())
			.setDetectorName(detector.name())
			.setEventType(detector.eventType())
			.setInterval(detector.interval())
			.setIntervalStart(Timestamp.newBuilder().setSeconds(anomaly.start().getEpochSecond()))
			.setValue(anomaly.value())
			.setExpected(anomaly.expected())
			.setScore(anomaly.score())
			.build();
		UUID id = UUID.nameUUIDFromBytes(
				(detector.tenantId() + "/" + detector.id() + "/" + anomaly.start()).getBytes(StandardCharsets.UTF_8));
		this.kafka
			.send(CloudEventRecords.toRecord(this.topics.name(EVENT.topic()), detector.id(),
					CloudEventRecords.event(id, EVENT.cloudEventType(), "/ml/detectors", detector.id(),
							detector.tenantId(), anomaly.detectedAt(), payload.toByteArray())))
			.get(10, TimeUnit.SECONDS);
	}

}
