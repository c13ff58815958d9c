package io.strata.workflow.operation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflows as scenarios: given a definition and injected failures (an HTTP target that
 * fails a set number of times), expect the steps, attempts, compensations and final
 * state.
 */
@SuppressWarnings("unchecked")
class WorkflowScenarioTests extends WorkflowIntegrationTest {

	HttpServer target;

	final AtomicInteger failuresLeft = new AtomicInteger();

	final AtomicInteger failStatus = new AtomicInteger(503);

	final ConcurrentLinkedQueue<String> idempotencyKeys = new ConcurrentLinkedQueue<>();

	String tenant;

	@BeforeEach
	void start() throws IOException {
		this.tenant = newTenant();
		this.target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.target.createContext("/hook", (exchange) -> {
			this.idempotencyKeys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
			boolean fail = this.failuresLeft.getAndDecrement() > 0;
			byte[] body = (fail ? "{\"error\": true}" : "{\"score\": 7}").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(fail ? this.failStatus.get() : 200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.target.start();
	}

	@AfterEach
	void stop() {
		this.target.stop(0);
	}

	String hook() {
		return "'http://127.0.0.1:" + this.target.getAddress().getPort() + "/hook'";
	}

	@Test
	void theIssuesApproveFlowStampsAndMovesTheState() {
		defineTicket(this.tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
		String id = createTicket(this.tenant, "ticket", "Broken login");
		String operation = act(this.tenant, "approve", id, "{\"approver\": \"ops\"}");
		Map<String, Object> done = awaitOperation(this.tenant, operation, "completed", "failed");
		assertThat(done).containsEntry("status", "completed")
			.containsEntry("action", "approve")
			.containsEntry("resource_id", id);
		List<Map<String, Object>> steps = steps(done);
		assertThat(steps).singleElement().satisfies((step) -> {
			assertThat(step).containsEntry("name", "stamp").containsEntry("status", "completed");
			assertThat((List<?>) step.get("attempts")).hasSize(1);
		});
		Map<String, Object> resource = get(this.tenant, "/v2/resources/" + id);
		assertThat(resource).containsEntry("state", "approved");
		assertThat((Map<String, Object>) resource.get("attributes")).containsEntry("approved_by", "ops");
		// approve is not allowed from "approved": 409 with the reason
		this.client.post()
			.uri("/v2/resources/actions")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("{\"action\": \"approve\", \"resource_ids\": [\"" + id + "\"], \"input\": {}}")
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/resource_ids/0")
			.jsonPath("$.errors[0].message")
			.value((message) -> assertThat((String) message).contains("not allowed from the state 'approved'"));
		assertThat((List<?>) get(this.tenant, "/v2/operations?resource_id=" + id).get("items")).hasSize(1);
		this.client.get()
			.uri("/v2/operations/" + operation)
			.header(HttpHeaders.AUTHORIZATION, bearer(newTenant()))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void finishedAndActiveRunsAreCountedByStatus(@Autowired MeterRegistry meters) {
		double completedBefore = meters.get("strata.workflow.runs.finished")
			.tag("status", "completed")
			.counter()
			.count();
		defineTicket(this.tenant, "ticket",
				"{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\", \"input\": {\"duration\": \"'1ms'\"}}]}");
		String id = createTicket(this.tenant, "ticket", "counted");
		awaitOperation(this.tenant, act(this.tenant, "approve", id, "{}"), "completed");
		double completedAfter = await(
				() -> meters.get("strata.workflow.runs.finished").tag("status", "completed").counter().count(),
				(count) -> count > completedBefore, Duration.ofSeconds(10));
		assertThat(completedAfter).isGreaterThan(completedBefore);
		assertThat(meters.get("strata.workflow.runs.active").gauges())
			.extracting((gauge) -> gauge.getId().getTag("status"))
			.containsExactlyInAnyOrder("pending", "running", "waiting", "compensating");
		defineTicket(this.tenant, "held", """
				{"steps": [{"name": "approval", "type": "wait.signal", "input": {"signal": "'approved'"},
				  "timeout": "1m"}]}""");
		String held = act(this.tenant, "approve", createTicket(this.tenant, "held", "held"), "{}");
		awaitOperation(this.tenant, held, "waiting");
		// the gauge counts in PostgreSQL at most every 10 s: it catches up with the
		// table,
		// this tenant's waiting run included
		double waiting = await(() -> meters.get("strata.workflow.runs.active").tag("status", "waiting").gauge().value(),
				(value) -> value == waitingRuns(), Duration.ofSeconds(15));
		assertThat(waiting).isEqualTo(waitingRuns()).isGreaterThanOrEqualTo(1);
		post(this.tenant, "/v2/operations/" + held + "/cancel", "{}", 202);
		awaitOperation(this.tenant, held, "cancelled");
	}

	private double waitingRuns() {
		return this.jdbc.queryForObject("SELECT count(*) FROM workflow_run WHERE status = 'waiting'", Long.class);
	}

	@Test
	void perResourceResultsInOneRequest() {
		defineTicket(this.tenant, "ticket",
				"{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\"," + " \"input\": {\"duration\": \"'1ms'\"}}]}");
		String open = createTicket(this.tenant, "ticket", "a");
		Map<String, Object> body = post(this.tenant, "/v2/resources/actions",
				"{\"action\": \"approve\"," + " \"resource_ids\": [\"" + open + "\", \"missing\"], \"input\": {}}",
				202);
		List<Map<String, Object>> operations = (List<Map<String, Object>>) body.get("operations");
		assertThat(operations.get(0)).containsEntry("status", "pending").containsKey("id");
		assertThat(operations.get(1)).containsEntry("status", "rejected").containsEntry("resource_id", "missing");
		assertThat((Map<String, Object>) operations.get(1).get("error")).containsEntry("status", 404);
		awaitOperation(this.tenant, (String) operations.get(0).get("id"), "completed");
	}

	@Test
	void anActionStartsWithoutInputAsIfItWereEmpty() {
		defineTicket(this.tenant, "ticket",
				"{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\"," + " \"input\": {\"duration\": \"'1ms'\"}}]}");
		String open = createTicket(this.tenant, "ticket", "a");
		Map<String, Object> body = post(this.tenant, "/v2/resources/actions",
				"{\"action\": \"approve\", \"resource_ids\": [\"" + open + "\"]}", 202);
		List<Map<String, Object>> operations = (List<Map<String, Object>>) body.get("operations");
		awaitOperation(this.tenant, (String) operations.get(0).get("id"), "completed");
		post(this.tenant, "/v2/resources/actions",
				"{\"action\": \"approve\", \"resource_ids\": [\"" + open + "\"], \"input\": [1]}", 400);
	}

	@Test
	void ofTwoConcurrentActionsOnOneResourceExactlyOneWins() throws Exception {
		defineTicket(this.tenant, "ticket", "{\"steps\": [{\"name\": \"wait\", \"type\": \"delay\","
				+ " \"input\": {\"duration\": \"'300ms'\"}}]}");
		String id = createTicket(this.tenant, "ticket", "race");
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		List<Future<Integer>> statuses = List.of("approve", "close").stream().map((action) -> threads.submit(() -> {
			go.await();
			return this.client.post()
				.uri("/v2/resources/actions")
				.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
				.header(HttpHeaders.CONTENT_TYPE, "application/json")
				.body("{\"action\": \"" + action + "\", \"resource_ids\": [\"" + id + "\"], \"input\": {}}")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
		})).toList();
		go.countDown();
		List<Integer> results = List.of(statuses.get(0).get(), statuses.get(1).get());
		threads.shutdown();
		assertThat(results).containsExactlyInAnyOrder(202, 409);
		List<Map<String, Object>> runs = (List<Map<String, Object>>) get(this.tenant,
				"/v2/operations?resource_id=" + id)
			.get("items");
		assertThat(runs).hasSize(1);
		awaitOperation(this.tenant, (String) runs.get(0).get("id"), "completed");
	}

	@Test
	void retriesWithOneIdempotencyKeyThenFeedsTheOutputOn() {
		this.failuresLeft.set(2);
		defineTicket(this.tenant, "ticket",
				"""
						{"steps": [
						  {"name": "score", "type": "http.request",
						   "input": {"method": "'POST'", "url": "%s", "body": {"title": "resource.attributes.title"}},
						   "retry": {"max_attempts": 3, "initial_interval": "10ms", "multiplier": 2, "max_interval": "50ms", "jitter": 0.1},
						   "timeout": "2s"},
						  {"name": "check", "type": "branch", "input": {"condition": "steps.score.output.body.score > 5"},
						   "then": "high", "else": "$end"},
						  {"name": "high", "type": "resource.set", "input": {"attributes": {"priority": "1"}}}]}"""
					.formatted(hook())
					.replace("\"priority\": \"1\"", "\"priority\": 1"));
		String id = createTicket(this.tenant, "ticket", "flaky");
		String operation = act(this.tenant, "approve", id, "{}");
		Map<String, Object> done = awaitOperation(this.tenant, operation, "completed", "failed");
		assertThat(done).containsEntry("status", "completed");
		List<Map<String, Object>> steps = steps(done);
		List<Map<String, Object>> attempts = (List<Map<String, Object>>) steps.get(0).get("attempts");
		assertThat(attempts).extracting((attempt) -> attempt.get("status"))
			.containsExactly("failed", "failed", "completed");
		assertThat(attempts).extracting((attempt) -> attempt.get("error_code"))
			.containsExactly("http.5xx", "http.5xx", null);
		assertThat(this.idempotencyKeys).hasSize(3).containsOnly(operation + ":score");
		assertThat(steps.get(1)).containsEntry("status", "completed");
		assertThat(steps.get(2)).containsEntry("status", "completed");
		assertThat((Map<String, Object>) get(this.tenant, "/v2/resources/" + id).get("attributes"))
			.containsEntry("priority", 1);
	}

	@Test
	void runsStartedTogetherAdvanceInOneTransactionAndAFailingStepRollsBackAlone() {
		defineTicket(this.tenant, "ticket", """
				{"steps": [
				  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}},
				  {"name": "rank", "type": "resource.set",
				   "input": {"attributes": {"priority": "resource.attributes.title == 'bad' ? 9 : 4"}}},
				  {"name": "announce", "type": "event.emit", "input": {"type": "'ticket.approved'", "data": {}}}]}""");
		List<String> good = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			good.add(createTicket(this.tenant, "ticket", "good " + i));
		}
		String bad = createTicket(this.tenant, "ticket", "bad");
		List<String> all = new java.util.ArrayList<>(good);
		all.add(2, bad);
		Map<String, Object> body = post(this.tenant, "/v2/resources/actions", "{\"action\": \"approve\","
				+ " \"resource_ids\": [\"" + String.join("\", \"", all) + "\"], \"input\": {\"approver\": \"ops\"}}",
				202);
		List<String> operations = ((List<Map<String, Object>>) body.get("operations")).stream()
			.map((operation) -> (String) operation.get("id"))
			.toList();
		for (int i = 0; i < all.size(); i++) {
			Map<String, Object> done = awaitOperation(this.tenant, operations.get(i), "completed", "failed");
			Map<String, Object> resource = get(this.tenant, "/v2/resources/" + all.get(i));
			Map<String, Object> attributes = (Map<String, Object>) resource.get("attributes");
			if (all.get(i).equals(bad)) {
				// the step before the failing one is kept; the failing one left nothing
				assertThat(done).containsEntry("status", "failed");
				assertThat(steps(done)).extracting((step) -> step.get("status"))
					.containsExactly("completed", "failed", "skipped");
				assertThat(resource).containsEntry("state", "open");
				assertThat(attributes).containsEntry("approved_by", "ops").containsEntry("priority", 2);
			}
			else {
				assertThat(done).containsEntry("status", "completed");
				assertThat(steps(done)).allSatisfy((step) -> {
					assertThat(step).containsEntry("status", "completed");
					assertThat((List<?>) step.get("attempts")).hasSize(1);
				});
				assertThat(resource).containsEntry("state", "approved");
				assertThat(attributes).containsEntry("approved_by", "ops").containsEntry("priority", 4);
			}
		}
		// the good ones were claimed together and written by one transaction
		assertThat(
				this.jdbc.queryForObject("SELECT count(DISTINCT xmin::text) FROM resource WHERE id = ANY (?::text[])",
						Long.class, "{" + String.join(",", good) + "}"))
			.isOne();
		assertThat(this.jdbc.queryForObject("""
				SELECT count(*) FROM step_attempt WHERE run_id = ANY (?::text[]) AND status = 'completed'""",
				Long.class, "{" + String.join(",", operations) + "}"))
			.isEqualTo(3L * good.size() + 1);
	}

	@Test
	void aStepThatFailsForGoodCompensatesEarlierStepsInReverse() {
		this.failuresLeft.set(100);
		this.failStatus.set(400);
		defineTicket(this.tenant, "ticket",
				"""
						{"steps": [
						  {"name": "reserve", "type": "resource.set", "input": {"attributes": {"reserved": true}},
						   "compensation": {"name": "unreserve", "type": "resource.set", "input": {"attributes": {"reserved": false}}}},
						  {"name": "notify", "type": "event.emit", "input": {"type": "'ticket.reserved'", "data": {"id": "resource.id"}},
						   "compensation": {"name": "retract", "type": "resource.set", "input": {"attributes": {"retracted": true}}}},
						  {"name": "charge", "type": "http.request", "input": {"method": "'POST'", "url": "%s"},
						   "retry": {"max_attempts": 5, "initial_interval": "10ms"}}]}"""
					.formatted(hook()));
		String id = createTicket(this.tenant, "ticket", "saga");
		String operation = act(this.tenant, "approve", id, "{}");
		Map<String, Object> done = awaitOperation(this.tenant, operation, "compensated", "failed");
		assertThat(done).containsEntry("status", "compensated");
		assertThat((String) done.get("error")).contains("charge").contains("HTTP 400");
		List<Map<String, Object>> steps = steps(done);
		assertThat((List<?>) steps.get(2).get("attempts")).as("4xx is not retried").hasSize(1);
		List<Map<String, Object>> compensations = (List<Map<String, Object>>) done.get("compensations");
		assertThat(compensations).extracting((step) -> step.get("name")).containsExactly("notify", "reserve");
		Map<String, Object> resource = get(this.tenant, "/v2/resources/" + id);
		assertThat(resource).containsEntry("state", "open");
		assertThat((Map<String, Object>) resource.get("attributes")).containsEntry("reserved", false)
			.containsEntry("retracted", true);
		// the resource is free for the next action
		act(this.tenant, "close", id, "{}");
	}

	@Test
	void waitsForASignalAndCanBeCancelled() {
		defineTicket(this.tenant, "ticket", """
				{"steps": [
				  {"name": "approval", "type": "wait.signal", "input": {"signal": "'approved'"}, "timeout": "1m"},
				  {"name": "stamp", "type": "resource.set",
				   "input": {"attributes": {"approved_by": "steps.approval.output.payload.by"}}}]}""");
		String id = createTicket(this.tenant, "ticket", "needs a human");
		String operation = act(this.tenant, "approve", id, "{}");
		awaitOperation(this.tenant, operation, "waiting");
		post(this.tenant, "/v2/operations/" + operation + "/signals/approved", "{\"by\": \"alice\"}", 202);
		awaitOperation(this.tenant, operation, "completed");
		assertThat((Map<String, Object>) get(this.tenant, "/v2/resources/" + id).get("attributes"))
			.containsEntry("approved_by", "alice");

		String other = createTicket(this.tenant, "ticket", "abandoned");
		String cancelled = act(this.tenant, "approve", other, "{}");
		awaitOperation(this.tenant, cancelled, "waiting");
		post(this.tenant, "/v2/operations/" + cancelled + "/cancel", "{}", 202);
		awaitOperation(this.tenant, cancelled, "cancelled");
		assertThat(get(this.tenant, "/v2/resources/" + other)).containsEntry("state", "open");
	}

	@Test
	void cancellingARunUndoesItsCompletedStepsInReverse() {
		defineTicket(this.tenant, "ticket",
				"""
						{"steps": [
						  {"name": "reserve", "type": "resource.set", "input": {"attributes": {"reserved": true}},
						   "compensation": {"name": "unreserve", "type": "resource.set", "input": {"attributes": {"reserved": false}}}},
						  {"name": "label", "type": "resource.set", "input": {"attributes": {"label": "'pending'"}},
						   "compensation": {"name": "unlabel", "type": "resource.set", "input": {"attributes": {"label": "'withdrawn'"}}}},
						  {"name": "approval", "type": "wait.signal", "input": {"signal": "'approved'"}, "timeout": "1m"},
						  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "'nobody'"}}}]}""");
		String id = createTicket(this.tenant, "ticket", "changed my mind");
		String operation = act(this.tenant, "approve", id, "{}");
		awaitOperation(this.tenant, operation, "waiting");
		assertThat((Map<String, Object>) get(this.tenant, "/v2/resources/" + id).get("attributes"))
			.containsEntry("reserved", true);
		post(this.tenant, "/v2/operations/" + operation + "/cancel", "{}", 202);
		Map<String, Object> done = awaitOperation(this.tenant, operation, "compensated", "cancelled", "failed");
		assertThat(done).containsEntry("status", "compensated").containsEntry("error", "cancelled on request");
		assertThat(steps(done)).extracting((step) -> step.get("status"))
			.containsExactly("completed", "completed", "cancelled", "skipped");
		List<Map<String, Object>> compensations = (List<Map<String, Object>>) done.get("compensations");
		assertThat(compensations).extracting((step) -> step.get("name")).containsExactly("label", "reserve");
		assertThat(compensations).extracting((step) -> step.get("status")).containsOnly("completed");
		Map<String, Object> resource = get(this.tenant, "/v2/resources/" + id);
		assertThat(resource).containsEntry("state", "open");
		assertThat((Map<String, Object>) resource.get("attributes")).containsEntry("reserved", false)
			.containsEntry("label", "withdrawn")
			.doesNotContainKey("approved_by");
		// finished: a late signal or a second cancel is refused; the resource is free
		post(this.tenant, "/v2/operations/" + operation + "/signals/approved", "{}", 409);
		post(this.tenant, "/v2/operations/" + operation + "/cancel", "{}", 409);
		act(this.tenant, "close", id, "{}");
	}

	@Test
	void aTransactionalStepIsHeldToItsTimeoutAndLeavesNoWrites() {
		defineTicket(this.tenant, "ticket",
				"""
						{"steps": [
						  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "'x'"}}},
						  {"name": "slow", "type": "test.slow", "input": {"database_seconds": "input.database_seconds", "jvm_millis": "input.jvm_millis"},
						   "timeout": "300ms", "retry": {"max_attempts": 2, "initial_interval": "10ms"}}]}""");
		for (String input : List.of("{\"database_seconds\": 5, \"jvm_millis\": 0}",
				"{\"database_seconds\": 0, \"jvm_millis\": 600}")) {
			String id = createTicket(this.tenant, "ticket", "slow");
			long started = System.nanoTime();
			String operation = act(this.tenant, "approve", id, input);
			Map<String, Object> done = awaitOperation(this.tenant, operation, "completed", "failed");
			assertThat(done).as(input).containsEntry("status", "failed");
			assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("PostgreSQL cancelled the sleep")
				.isLessThan(java.time.Duration.ofSeconds(4));
			List<Map<String, Object>> attempts = (List<Map<String, Object>>) steps(done).get(1).get("attempts");
			assertThat(attempts).as(input)
				.hasSize(2)
				.extracting((attempt) -> attempt.get("error_code"))
				.containsOnly("timeout");
			// the stamp committed before; the slow step's transaction left nothing behind
			assertThat(get(this.tenant, "/v2/resources/" + id)).containsEntry("state", "open")
				.containsEntry("version", 2);
		}
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> steps(Map<String, Object> operation) {
		return (List<Map<String, Object>>) operation.get("steps");
	}

}
