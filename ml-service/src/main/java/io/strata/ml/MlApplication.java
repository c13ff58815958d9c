package io.strata.ml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Embeddings, per-tenant models (training, versions, artifacts) and predictions. */
@SpringBootApplication
public class MlApplication {

	public static void main(String[] args) {
		SpringApplication.run(MlApplication.class, args);
	}

}
