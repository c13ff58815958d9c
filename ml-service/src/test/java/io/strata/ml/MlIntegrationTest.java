package io.strata.ml;

import java.util.UUID;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one Spring context every integration test of this module shares: the real model,
 * real Redis, Kafka and S3-compatible storage, and analytics' search contract served by
 * {@link AnalyticsDouble}. Tests isolate from each other by tenant ids.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.REDIS, Server.S3, Server.KAFKA })
public abstract class MlIntegrationTest {

	protected static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
		registry.add("strata.ml.anomaly.evaluation-interval", () -> "2s");
		registry.add("strata.ml.models.analytics-grpc", AnalyticsDouble::target);
		// short, so that every training of the suite outlives a few renewals
		registry.add("strata.ml.training.lease", () -> "3s");
		// a consumer group of its own: joining a running platform's ml-service group
		// (even
		// for other, prefixed topics) would make it rebalance at every test start and
		// stop
		registry.add("spring.kafka.consumer.group-id", () -> "ml-service-test-" + UUID.randomUUID());
	}

	@Autowired
	protected RestTestClient client;

	protected static String newTenant() {
		return "tenant-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
