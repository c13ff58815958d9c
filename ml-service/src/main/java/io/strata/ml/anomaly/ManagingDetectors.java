package io.strata.ml.anomaly;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.stereotype.Component;

/**
 * Creating, reading and deleting a tenant's detectors; another tenant's are not found.
 */
@Component
class ManagingDetectors {

	private final DetectorStore store;

	ManagingDetectors(DetectorStore store) {
		this.store = store;
	}

	record Create(String name, String eventType, String interval, String sensitivity) {

	}

	Detector create(String tenantId, Create command) {
		List<FieldViolation> violations = new ArrayList<>();
		if (command.name() == null || command.name().isBlank() || command.name().length() > 200) {
			violations.add(new FieldViolation("/name", "required, at most 200 characters"));
		}
		DetectorDefinitions.Definition definition = DetectorDefinitions.check(command.eventType(), command.interval(),
				command.sensitivity(), violations);
		if (!violations.isEmpty()) {
			throw ProblemException.invalid("The detector is invalid: " + violations.getFirst().pointer() + " "
					+ violations.getFirst().message() + ".", violations);
		}
		Instant now = Instant.now();
		// ids sort by creation, so a tenant's list pages in the order detectors were made
		String id = "det_" + String.format("%011x", now.toEpochMilli())
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		Detector detector = new Detector(id, tenantId, command.name(), definition.eventType(),
				definition.intervalText(), definition.sensitivity().name().toLowerCase(Locale.ROOT), now);
		this.store.save(detector);
		return detector;
	}

	Detector get(String tenantId, String id) {
		return this.store.find(tenantId, id).orElseThrow(() -> ProblemException.notFound("Detector", id));
	}

	List<Detector> list(String tenantId, String after, int limit) {
		return this.store.list(tenantId, after, limit);
	}

	void delete(String tenantId, String id) {
		if (!this.store.delete(tenantId, id)) {
			throw ProblemException.notFound("Detector", id);
		}
	}

	List<DetectorStore.StoredAnomaly> anomalies(String tenantId, String id) {
		get(tenantId, id);
		return this.store.anomalies(tenantId, id);
	}

}
