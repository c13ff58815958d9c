package io.strata.ml.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.events.EventTopics;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.ModelTrainingFailed;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A version left {@code training} by an instance that died is failed once its lease runs
 * out, with the reason and a {@code training_failed} event; one whose instance lives on
 * keeps training past the lease. On real Redis (the leases), S3 (the versions) and Kafka.
 */
class TrainingRecoveryIntegrationTests extends MlIntegrationTest {

	@Autowired
	ModelRegistry registry;

	@Autowired
	TrainingLeases leases;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	EventTopics topics;

	@Value("${strata.s3.bucket-prefix:}${strata.s3.bucket}")
	String bucket;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void aTrainingADeadInstanceHeldIsFailedWithTheReasonAndAnEvent() {
		String tenant = newTenant();
		// what an instance that died mid-training leaves: a version in training and a
		// lease nobody renews (taken a minute ago, by an instance now gone)
		TrainingLeases dead = new TrainingLeases(this.redis, new TrainingProperties(Duration.ofSeconds(3)), this.bucket,
				Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
		this.registry.save(tenant, training("orphan", 1));
		dead.hold(new TrainingLeases.Held(tenant, "orphan", 1));

		Map<String, Object> failed = awaitState(tenant, "orphan", 1, "failed");
		assertThat(failed).containsEntry("failure_reason", RecoveringTrainings.INTERRUPTED).containsKey("finished_at");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(MlEvents.of(this.bootstrap, this.topics, tenant)).singleElement()
				.satisfies((event) -> {
					assertThat(event.getType()).isEqualTo("io.strata.ml.model.training_failed.v1");
					ModelTrainingFailed payload = ModelTrainingFailed.parseFrom(event.getData().toBytes());
					assertThat(payload.getModel()).isEqualTo("orphan");
					assertThat(payload.getVersion()).isEqualTo(1);
					assertThat(payload.getReason()).isEqualTo(RecoveringTrainings.INTERRUPTED);
				}));
	}

	@Test
	void aLiveInstanceKeepsItsTrainingPastTheLeaseAndLosesItWhenItStopsRenewing() {
		String tenant = newTenant();
		TrainingLeases.Held held = new TrainingLeases.Held(tenant, "slow", 1);
		this.leases.hold(held);
		this.registry.save(tenant, training("slow", 1));
		Duration lease = this.leases.lease();

		await().during(lease.multipliedBy(2))
			.atMost(lease.multipliedBy(3))
			.untilAsserted(() -> assertThat(version(tenant, "slow", 1)).containsEntry("state", "training"));

		// as if the instance had died: no more renewals
		this.leases.abandon(held);
		assertThat(awaitState(tenant, "slow", 1, "failed")).containsEntry("failure_reason",
				RecoveringTrainings.INTERRUPTED);
	}

	@Test
	void aTrainingThatEndedIsNotTouchedByItsExpiredLease() {
		String tenant = newTenant();
		TrainingLeases dead = new TrainingLeases(this.redis, new TrainingProperties(Duration.ofSeconds(3)), this.bucket,
				Clock.fixed(Instant.now().minusSeconds(60), ZoneOffset.UTC));
		// the instance recorded the end, then died before giving the lease back
		this.registry.save(tenant, training("done", 1).failed("Too few rows: 3."));
		TrainingLeases.Held held = new TrainingLeases.Held(tenant, "done", 1);
		dead.hold(held);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					this.redis.opsForZSet().score("ml:training-leases:{" + this.bucket + "}", held.member()))
				.isNull());
		assertThat(version(tenant, "done", 1)).containsEntry("failure_reason", "Too few rows: 3.");
		assertThat(MlEvents.of(this.bootstrap, this.topics, tenant)).isEmpty();
	}

	private static Manifest training(String name, int version) {
		return Manifest.training(name, version, ModelTask.CLASSIFICATION, Algorithm.GRADIENT_BOOSTED_TREES,
				new Manifest.Source("txn", List.of("amount"), "fraud", null), Map.of());
	}

	private Map<String, Object> awaitState(String tenant, String name, int version, String state) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> version(tenant, name, version), (found) -> state.equals(found.get("state")));
	}

	private Map<String, Object> version(String tenant, String name, int version) {
		@SuppressWarnings("unchecked")
		Map<String, Object> found = this.client.get()
			.uri("/v2/ml/models/" + name + "/versions/" + version)
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_READ))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		return found;
	}

}
