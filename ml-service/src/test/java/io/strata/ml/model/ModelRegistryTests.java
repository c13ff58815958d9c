package io.strata.ml.model;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import io.strata.platform.problem.ProblemException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** S3 out of reach is a 503 problem for every registry operation, never a 500. */
class ModelRegistryTests {

	@Test
	void anUnreachableStoreIsA503() {
		try (S3Client unreachable = S3Client.builder()
			.region(Region.US_EAST_1)
			.forcePathStyle(true)
			// nothing listens on port 1
			.endpointOverride(URI.create("http://127.0.0.1:1"))
			.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
			.overrideConfiguration((config) -> config.apiCallTimeout(Duration.ofSeconds(5)))
			.build()) {
			ModelRegistry registry = new ModelRegistry(unreachable, "", "models");
			Manifest manifest = Manifest.training("m", 1, ModelTask.REGRESSION, Algorithm.LINEAR,
					new Manifest.Source("t", java.util.List.of("a"), "b", null), Map.of());
			for (Runnable call : new Runnable[] { () -> registry.save("t1", manifest),
					() -> registry.find("t1", "m", 1), () -> registry.versions("t1", "m"),
					() -> registry.alias("t1", "m", "production"), () -> registry.deleteTenant("t1") }) {
				assertThatExceptionOfType(ProblemException.class).isThrownBy(call::run)
					.satisfies((ex) -> org.assertj.core.api.Assertions.assertThat(ex.status().value()).isEqualTo(503));
			}
		}
	}

}
