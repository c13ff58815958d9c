package io.strata.ml.storage;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The S3 client for model artifacts; any S3-compatible store (s3mock locally, AWS S3,
 * MinIO) works.
 */
@Configuration(proxyBeanMethods = false)
class ObjectStoreConfiguration {

	@Bean(destroyMethod = "close")
	S3Client s3Client(@Value("${strata.s3.endpoint:}") String endpoint, @Value("${strata.s3.region}") String region,
			@Value("${strata.s3.access-key:}") String accessKey, @Value("${strata.s3.secret-key:}") String secretKey) {
		var builder = S3Client.builder().region(Region.of(region)).forcePathStyle(true);
		if (!endpoint.isBlank()) {
			builder.endpointOverride(URI.create(endpoint));
		}
		builder.credentialsProvider(accessKey.isBlank()
				? (endpoint.isBlank() ? DefaultCredentialsProvider.builder().build()
						: StaticCredentialsProvider.create(AwsBasicCredentials.create("strata", "strata")))
				: StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
		return builder.build();
	}

	@Bean
	HealthIndicator objectStoreHealthIndicator(S3Client s3) {
		return () -> {
			try {
				return Health.up().withDetail("buckets", s3.listBuckets().buckets().size()).build();
			}
			catch (RuntimeException ex) {
				return Health.down(ex).build();
			}
		};
	}

}
