package io.strata.ml.tenant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import io.strata.ml.AnalyticsDouble;
import io.strata.ml.MlIntegrationTest;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.identity.v1.TenantDeleted;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code identity.tenant.deleted} on real Kafka erases the tenant's event counts,
 * detectors and anomalies in real Redis and its models in real S3, and nothing of another
 * tenant.
 */
class TenantErasureIntegrationTests extends MlIntegrationTest {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	S3Client s3;

	@Value("${strata.s3.bucket-prefix:}${strata.s3.bucket}")
	String bucket;

	@Test
	void deletedTenantsDataIsErasedAndOnlyIts() throws Exception {
		String doomed = newTenant();
		String kept = newTenant();
		for (String tenant : new String[] { doomed, kept }) {
			createDetector(tenant);
			send(tenant, "resource.created", EventTopics.RESOURCE, new byte[0]);
			trainModel(tenant);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> keys(doomed).size() >= 3 && keys(kept).size() >= 3);
		await().atMost(Duration.ofSeconds(60)).until(() -> objects(doomed).size() == 2 && objects(kept).size() == 2);
		Set<String> keptBefore = keys(kept);

		send(doomed, EventCatalog.typeOf(TenantDeleted.class), EventTopics.IDENTITY,
				TenantDeleted.newBuilder().setTenantId(doomed).build().toByteArray());
		await().atMost(Duration.ofSeconds(30)).until(() -> keys(doomed).isEmpty() && objects(doomed).isEmpty());
		assertThat(keys(kept)).containsAll(keptBefore);
		assertThat(objects(kept)).hasSize(2);
		// and the deleted tenant's tokens are refused, as everywhere
		this.client.get()
			.uri("/v2/ml/detectors")
			.header("Authorization", "Bearer " + tokens.token(doomed, RouteScopes.ML_READ))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	/** The tenant's model objects in S3 (a ready version: its manifest and its model). */
	private List<String> objects(String tenant) {
		return this.s3
			.listObjectsV2Paginator((request) -> request.bucket(this.bucket).prefix("tenants/" + tenant + "/"))
			.contents()
			.stream()
			.map(S3Object::key)
			.filter((key) -> !key.isEmpty())
			.toList();
	}

	private void trainModel(String tenant) {
		AnalyticsDouble.put(tenant, "txn",
				IntStream.range(0, 20).mapToObj((i) -> Map.<String, Object>of("amount", i, "big", i >= 10)).toList());
		this.client.post()
			.uri("/v2/ml/models")
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_WRITE))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"m\", \"task\": \"classification\", \"source\": {\"resource_type\": \"txn\", "
					+ "\"features\": [\"amount\"], \"target\": \"big\"}}")
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	private Set<String> keys(String tenant) {
		return this.redis.keys("ml:*{" + tenant + "}*");
	}

	private void createDetector(String tenant) {
		this.client.post()
			.uri("/v2/ml/detectors")
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_WRITE))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"d\", \"metric\": {\"event_type\": \"resource.created\"}}")
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private void send(String tenant, String type, String topic, byte[] payload) throws Exception {
		this.kafka
			.send(CloudEventRecords.toRecord(this.topics.name(topic), tenant, CloudEventRecords.event(UUID.randomUUID(),
					EventTypes.cloudEventType(type, 1), "/test", tenant, tenant, Instant.now(), payload)))
			.get(10, TimeUnit.SECONDS);
	}

}
