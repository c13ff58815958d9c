package io.strata.ml.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trainings in flight.
 *
 * @param lease how long a training (queued or running) stays {@code training} once the
 * instance that holds it stops renewing its lease (it died); the holder renews it four
 * times per lease, so a long fit in a live instance never expires. After that the version
 * is failed by whichever instance sees it first ({@link RecoveringTrainings}).
 */
@ConfigurationProperties("strata.ml.training")
record TrainingProperties(@DefaultValue("2m") Duration lease) {

	TrainingProperties {
		if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("strata.ml.training.lease must be at least 1s, not " + lease);
		}
	}

}
