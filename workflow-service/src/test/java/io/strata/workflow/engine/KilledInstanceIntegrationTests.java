package io.strata.workflow.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.platform.events.EventTopics;
import io.strata.proto.workflow.v1.WorkflowRunFinished;
import io.strata.testsupport.KafkaTestConsumer;
import io.strata.workflow.WorkflowApplication;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash test: two workflow-service instances (real Spring Boot applications,
 * each with its own workers, connection pool, Kafka producer and ports) on one database;
 * one is killed while it holds runs in the middle of a step. Every run completes exactly
 * once: one completed attempt per step, the resource changed once per step, one
 * {@code run_finished} event per run.
 *
 * <p>
 * The kill: the instance's connection pool is closed first (PostgreSQL sees its
 * connections die, as after {@code kill -9}: open transactions roll back, nothing is
 * released), then its context goes away. Its leases stay until they expire.
 */
@TestPropertySource(properties = "strata.workflow.workers=false")
class KilledInstanceIntegrationTests extends WorkflowIntegrationTest {

	static final int RUNS = 30;

	static final Duration LEASE = Duration.ofSeconds(2);

	@Autowired
	Environment environment;

	@Autowired
	EventTopics topics;

	HttpServer target;

	final ConcurrentLinkedQueue<String> idempotencyKeys = new ConcurrentLinkedQueue<>();

	final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeEach
	void startTarget() throws IOException {
		// a slow side effect, so that runs are caught in the middle of a step (the step's
		// timeout leaves room for a loaded machine: a timed-out attempt would be retried,
		// which is right, but not what this test counts)
		this.target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.target.createContext("/slow", (exchange) -> {
			this.idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
			try {
				Thread.sleep(600);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] body = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.target.start();
	}

	@AfterEach
	void stopEverything() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		this.target.stop(0);
	}

	@Test
	void everyRunCompletesExactlyOnceWhenAnInstanceIsKilledMidRun() {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", """
				{"steps": [
				  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}},
				  {"name": "call", "type": "http.request",
				   "input": {"method": "'POST'", "url": "'http://127.0.0.1:%d/slow'"}, "timeout": "2500ms"},
				  {"name": "pause", "type": "delay", "input": {"duration": "'300ms'"}}]}"""
			.formatted(this.target.getAddress().getPort()));
		List<String> resources = new ArrayList<>();
		for (int i = 0; i < RUNS; i++) {
			resources.add(createTicket(tenant, "ticket", "crash " + i));
		}
		ConfigurableApplicationContext doomed = startInstance();
		ConfigurableApplicationContext survivor = startInstance();
		String doomedOwner = doomed.getBean(WorkflowWorkers.class).owner();

		Map<String, Object> body = post(tenant, "/v2/resources/actions",
				"{\"action\": \"approve\", \"resource_ids\": ["
						+ resources.stream().map((id) -> "\"" + id + "\"").collect(Collectors.joining(", "))
						+ "], \"input\": {\"approver\": \"ops\"}}",
				202);
		@SuppressWarnings("unchecked")
		List<String> operations = ((List<Map<String, Object>>) body.get("operations")).stream()
			.map((operation) -> (String) operation.get("id"))
			.toList();
		assertThat(operations).hasSize(RUNS);

		// kill the doomed instance while it is in the middle of HTTP steps it holds
		int inFlight = await(() -> this.jdbc.queryForObject("""
				SELECT count(*) FROM step_attempt a JOIN workflow_run r ON r.id = a.run_id
				WHERE a.worker = ? AND a.step_name = 'call' AND a.status = 'running' AND r.lease_owner = ?""",
				Integer.class, doomedOwner, doomedOwner), (count) -> count >= 2, Duration.ofSeconds(10));
		int heldAtDeath = this.jdbc.queryForObject("SELECT count(*) FROM workflow_run WHERE lease_owner = ?",
				Integer.class, doomedOwner);
		doomed.getBean(HikariDataSource.class).close();
		doomed.close();
		this.instances.remove(doomed);

		await(() -> this.jdbc.queryForObject(
				"SELECT count(*) FROM workflow_run WHERE status = 'completed' AND id = ANY (?::text[])", Integer.class,
				"{" + String.join(",", operations) + "}"), (count) -> count == RUNS, Duration.ofSeconds(25));
		await(() -> this.jdbc.queryForObject("SELECT count(*) FROM strata_outbox", Integer.class),
				(count) -> count == 0, Duration.ofSeconds(10));

		for (int i = 0; i < RUNS; i++) {
			String operation = operations.get(i);
			Map<String, Object> resource = get(tenant, "/v2/resources/" + resources.get(i));
			// created (1), stamped (2), state moved (3): each effect once
			assertThat(resource).as("resource of run %s", operation)
				.containsEntry("state", "approved")
				.containsEntry("version", 3);
			Map<String, Integer> completedAttempts = new LinkedHashMap<>();
			this.jdbc
				.queryForList("SELECT step_name FROM step_attempt WHERE run_id = ? AND status = 'completed'",
						String.class, operation)
				.forEach((step) -> completedAttempts.merge(step, 1, Integer::sum));
			assertThat(completedAttempts).as("completed attempts of run %s", operation)
				.containsExactlyInAnyOrderEntriesOf(Map.of("stamp", 1, "call", 1, "pause", 1));
		}
		// the killed instance's attempts never finished: the survivor resumed their runs
		// after the lease and marked them abandoned
		int abandoned = this.jdbc.queryForObject(
				"SELECT count(DISTINCT run_id) FROM step_attempt WHERE worker = ? AND status = 'abandoned'",
				Integer.class, doomedOwner);
		assertThat(this.jdbc.queryForList(
				"SELECT run_id, step_name, status, worker, error_code, error FROM step_attempt"
						+ " WHERE run_id = ANY (?::text[]) AND status NOT IN ('completed', 'abandoned')",
				"{" + String.join(",", operations) + "}"))
			.as("attempts left running or failed")
			.isEmpty();
		System.out.printf("Killed an instance holding %d runs (%d mid-HTTP); %d runs resumed mid-step%n", heldAtDeath,
				inFlight, abandoned);
		assertThat(abandoned).isPositive();
		// the side effect got one key per run; a run taken over mid-call sent it twice
		// with the same key, which is what lets the target de-duplicate
		Map<String, Long> keys = this.idempotencyKeys.stream()
			.collect(Collectors.groupingBy((key) -> key, Collectors.counting()));
		assertThat(keys.keySet())
			.containsExactlyInAnyOrderElementsOf(operations.stream().map((id) -> id + ":call").toList());
		assertThat(keys.values()).allSatisfy((count) -> assertThat(count).isBetween(1L, 2L));

		// everything committed is in Kafka by now (the outbox is empty): read it all
		List<ConsumerRecord<String, byte[]>> published = KafkaTestConsumer.read(
				this.environment.getProperty("spring.kafka.bootstrap-servers"), this.topics.name(EventTopics.WORKFLOW),
				Integer.MAX_VALUE, Duration.ofSeconds(5));
		Map<String, List<String>> finishedEventIds = new HashMap<>();
		for (ConsumerRecord<String, byte[]> record : published) {
			// other tests of this context publish on the same topic
			if (operations.contains(record.key())
					&& header(record, "ce_type").equals("io.strata.workflow.run_finished.v1")) {
				finishedEventIds.computeIfAbsent(record.key(), (key) -> new ArrayList<>()).add(header(record, "ce_id"));
				assertThat(parseFinished(record).getOperation().getStatus()).isEqualTo("completed");
			}
		}
		assertThat(finishedEventIds.keySet()).containsExactlyInAnyOrderElementsOf(operations);
		// the relay delivers at least once (consumers de-duplicate by event id): one
		// event
		// per run, whatever the number of deliveries
		assertThat(finishedEventIds.values())
			.allSatisfy((ids) -> assertThat(ids.stream().distinct().count()).isEqualTo(1));
	}

	private ConfigurableApplicationContext startInstance() {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String name : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
				"spring.kafka.bootstrap-servers", "strata.kafka.topic-prefix", "strata.security.jwks-uri",
				"strata.security.issuer", "strata.outbound.allow")) {
			properties.put(name, this.environment.getRequiredProperty(name));
		}
		properties.put("server.port", 0);
		properties.put("spring.grpc.server.port", 0);
		properties.put("strata.workflow.workers", true);
		properties.put("strata.workflow.poll-interval", "50ms");
		// few runs in flight per instance, so that the runs split between the two: with
		// the
		// default 64, whichever instance polls first can claim all 30 and leave the
		// doomed
		// one nothing to die in the middle of
		properties.put("strata.workflow.concurrency", 8);
		properties.put("strata.workflow.batch", 4);
		properties.put("strata.workflow.lease", LEASE.toMillis() + "ms");
		properties.put("strata.outbox.poll-interval", "50ms");
		// as command-line arguments: they must win over application.yml, as the test
		// context's properties do
		ConfigurableApplicationContext instance = new SpringApplicationBuilder(WorkflowApplication.class)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		this.instances.add(instance);
		return instance;
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

	private static WorkflowRunFinished parseFinished(ConsumerRecord<String, byte[]> record) {
		try {
			return WorkflowRunFinished.parseFrom(record.value());
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

}
