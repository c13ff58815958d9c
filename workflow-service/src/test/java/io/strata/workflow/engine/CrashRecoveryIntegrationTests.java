package io.strata.workflow.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.strata.platform.events.EventTopics;
import io.strata.testsupport.KafkaTestConsumer;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers on one database, the background one switched off: a worker that claims a
 * run and dies leaves it leased; after the lease expires another worker resumes it, and
 * the run's effects happen exactly once. A worker that comes back after losing its lease
 * changes nothing.
 */
@TestPropertySource(properties = "strata.workflow.workers=false")
class CrashRecoveryIntegrationTests extends WorkflowIntegrationTest {

	static final Duration LEASE = Duration.ofSeconds(1);

	@Autowired
	RunStore runs;

	@Autowired
	AttemptStore attempts;

	@Autowired
	EventTopics topics;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Autowired
	RunExecutor executor;

	@Test
	void aRunClaimedByADeadWorkerIsResumedOnceAfterItsLease() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", """
				{"steps": [
				  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}},
				  {"name": "announce", "type": "event.emit", "input": {"type": "'ticket.approved'", "data": {}}}]}""");
		String id = createTicket(tenant, "ticket", "crash");
		String operation = act(tenant, "approve", id, "{\"approver\": \"ops\"}");

		WorkflowWorker dead = new WorkflowWorker(this.runs, this.executor, "worker-dead", LEASE, 8);
		WorkflowWorker survivor = new WorkflowWorker(this.runs, this.executor, "worker-survivor", LEASE, 8);
		List<Run> claimed = dead.claim();
		assertThat(claimed).extracting(Run::id).containsExactly(operation);
		// the dead worker never comes back; while its lease runs nobody else may take the
		// run
		assertThat(survivor.runOnce()).isZero();
		Thread.sleep(LEASE.toMillis() + 200);
		assertThat(survivor.runOnce()).isEqualTo(1);

		Map<String, Object> done = get(tenant, "/v2/operations/" + operation);
		assertThat(done).containsEntry("status", "completed");
		assertThat(this.attempts.attempts(operation)).extracting(AttemptStore.Attempt::stepName)
			.containsExactly("stamp", "announce");
		assertThat(this.attempts.attempts(operation)).allSatisfy(
				(attempt) -> assertThat(attempt.idempotencyKey()).isEqualTo(operation + ":" + attempt.stepName()));
		// created (1), stamped (2), state moved (3): each effect once
		Map<String, Object> resource = get(tenant, "/v2/resources/" + id);
		assertThat(resource).containsEntry("state", "approved").containsEntry("version", 3);
		// the relay publishes (and removes) outbox rows as they commit: count what
		// reached Kafka
		List<String> published = KafkaTestConsumer
			.read(this.bootstrap, this.topics.name(EventTopics.WORKFLOW), Integer.MAX_VALUE, Duration.ofSeconds(5))
			.stream()
			.filter((record) -> operation.equals(record.key()))
			.map((record) -> new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
			.toList();
		assertThat(published).containsOnlyOnce("io.strata.workflow.run_finished.v1",
				"io.strata.workflow.custom_event_emitted.v1");
		// one step event per step: stamp and announce, each completed once
		assertThat(published).filteredOn("io.strata.workflow.step_finished.v1"::equals).hasSize(2);
	}

	@Test
	void aWorkerThatLostItsLeaseChangesNothing() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket",
				"""
						{"steps": [{"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}}]}""");
		String id = createTicket(tenant, "ticket", "stalled");
		String operation = act(tenant, "approve", id, "{\"approver\": \"ops\"}");
		WorkflowWorker stalled = new WorkflowWorker(this.runs, this.executor, "worker-stalled", LEASE, 8);
		WorkflowWorker other = new WorkflowWorker(this.runs, this.executor, "worker-other", LEASE, 8);
		Run stale = stalled.claim().get(0);
		Thread.sleep(LEASE.toMillis() + 200);
		assertThat(other.runOnce()).isEqualTo(1);
		// the stalled worker wakes up and carries on with its stale copy of the run
		this.executor.advance(stale, "worker-stalled", LEASE);
		assertThat(this.attempts.attempts(operation)).hasSize(1);
		assertThat(get(tenant, "/v2/resources/" + id)).containsEntry("version", 3);
		assertThat(get(tenant, "/v2/operations/" + operation)).containsEntry("status", "completed");
	}

}
