package io.strata.ml.model;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant models.
 *
 * @param analyticsGrpc analytics' gRPC address, where training reads the tenant's
 * resources ({@code SearchService})
 * @param readDeadline the deadline of each page read from analytics
 * @param maxTrainingRows the most resources one training reads
 * @param cachedVersions how many versions stay loaded for predictions
 */
@ConfigurationProperties("strata.ml.models")
record ModelProperties(String analyticsGrpc, @DefaultValue("30s") Duration readDeadline,
		@DefaultValue("50000") int maxTrainingRows, @DefaultValue("64") int cachedVersions) {

}
