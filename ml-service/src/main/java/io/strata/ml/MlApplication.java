package io.strata.ml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Embeddings, anomaly detectors, per-tenant models (training, versions, artifacts) and
 * predictions.
 */
@SpringBootApplication
@EnableScheduling
public class MlApplication {

	public static void main(String[] args) {
		SpringApplication.run(MlApplication.class, args);
	}

}
