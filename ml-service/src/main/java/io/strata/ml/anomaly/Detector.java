package io.strata.ml.anomaly;

import java.time.Instant;

/**
 * A saved anomaly detector: the count of an event type per interval, judged at a
 * sensitivity. Immutable: to change one, delete it and create another.
 */
record Detector(String id, String tenantId, String name, String eventType, String interval, String sensitivity,
		Instant createdAt) {

}
