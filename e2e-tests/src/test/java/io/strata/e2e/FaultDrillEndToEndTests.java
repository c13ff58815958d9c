package io.strata.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.strata.e2e.Drill.Answer;
import io.strata.e2e.Drill.Tenant;
import io.strata.e2e.Drill.Writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fault drills (issue 19): load the platform, then break one part at a time, wait for
 * quiet and count. {@code ./strata drill [quick|full] [SCENARIO...]} runs them; the quick
 * variants (smaller loads, shorter outages) run in {@code ./strata test}, last, because
 * they stop and restart parts of the platform. bench/DRILLS.md says what each checks.
 */
@Order(Integer.MAX_VALUE - 1)
class FaultDrillEndToEndTests {

	/** How long a part may take to recover after its dependency is back. */
	static final Duration RECOVERY = Duration.ofSeconds(30);

	static final Map<String, Map<String, Object>> report = new LinkedHashMap<>();

	@BeforeAll
	static void platformUp() throws Exception {
		PlatformHealthEndToEndTests.up();
	}

	@AfterAll
	static void printTable() {
		List<String> columns = new ArrayList<>();
		report.values()
			.forEach((row) -> row.keySet().stream().filter((key) -> !columns.contains(key)).forEach(columns::add));
		StringBuilder table = new StringBuilder("\nFault drills (" + (Drill.FULL ? "full" : "quick") + ")\n");
		table.append(String.format("%-22s", "drill"));
		columns.forEach((column) -> table.append(String.format(" %14s", column)));
		report.forEach((drill, row) -> {
			table.append(String.format("%n%-22s", drill));
			columns.forEach((column) -> table.append(String.format(" %14s", row.getOrDefault(column, ""))));
		});
		System.out.println(table.append('\n'));
	}

	/** Webhooks while notification-service is killed (-9) and started again. */
	@Test
	void notificationKilledDuringEvents() throws Exception {
		assumeTrue(Drill.selected("notification"));
		int events = Drill.size(300, 10_000);
		Tenant tenant = Tenant.create("notify", null);
		try (DrillReceiver receiver = tenant.subscribe(); Writer writer = new Writer(tenant, events, Duration.ZERO)) {
			Drill.millisUntil(() -> receiver.items() >= events / 4 || writer.done() >= events, Duration.ofMinutes(5));
			Drill.stop("notification-service", true);
			writer.awaitDone(Duration.ofMinutes(15));
			long restart = Drill.up();
			List<Integer> committed = writer.committed();
			Drill.awaitQuiet(() -> committed.stream().allMatch((n) -> receiver.received(tenant.item(n))),
					receiver::items, Duration.ofSeconds(60), Duration.ofMinutes(20));
			long lost = committed.stream().filter((n) -> !receiver.received(tenant.item(n))).count();
			row("notification -9",
					Map.of("committed", committed.size(), "delivered", receiver.items(), "lost", lost, "redelivered",
							receiver.redeliveries(), "new ids", receiver.itemsWithSeveralIds(), "restart ms", restart));
			assertThat(writer.refused()).as("writes refused while only notification was down").isZero();
			assertThat(lost).as("committed events never delivered").isZero();
			assertThat(receiver.itemsWithSeveralIds()).as("events delivered under a second webhook-id").isZero();
		}
	}

	/** Three-step workflow runs while workflow-service is killed (-9) mid-run. */
	@Test
	void workflowKilledMidRun() throws Exception {
		assumeTrue(Drill.selected("workflow"));
		int runs = Drill.size(30, 300);
		try (DrillReceiver receiver = DrillReceiver.start()) {
			String step = "{\"name\": \"%s\", \"type\": \"http.request\", \"input\": {\"method\": \"'POST'\", \"url\": \"'"
					+ receiver.url("/step") + "'\", \"body\": {\"item\": \"resource.attributes.title\"}},"
					+ " \"retry\": {\"max_attempts\": 10, \"initial_interval\": \"200ms\"}}";
			Tenant tenant = Tenant.create("flow",
					"""
							{"initial": "open", "states": ["open", "done"],
							 "actions": {"process": {"from": ["open"], "to": "done", "input_schema": {"type": "object"},
							   "workflow": {"steps": [%s, {"name": "pause", "type": "delay", "input": {"duration": "'1s'"}}, %s, %s]}}}}"""
						.formatted(step.formatted("one"), step.formatted("two"), step.formatted("three")));
			List<String> resources = new ArrayList<>();
			for (int n = 0; n < runs; n++) {
				Answer created = Drill.call("POST", "/v2/resources",
						"{\"type\": \"%s\", \"attributes\": {\"title\": \"%s\"}}".formatted(tenant.type(),
								tenant.item(n)),
						tenant.token());
				assertThat(created.status()).as(created.body()).isEqualTo(201);
				resources.add(created.json().path("id").asString());
			}
			List<String> operations = new ArrayList<>();
			for (String resource : resources) {
				Answer started = Drill.call("POST", "/v2/resources/actions",
						"{\"action\": \"process\", \"resource_ids\": [\"%s\"], \"input\": {}}".formatted(resource),
						tenant.token());
				assertThat(started.status()).as(started.body()).isEqualTo(202);
				operations.add(started.json().path("operations").get(0).path("id").asString());
			}
			Drill.millisUntil(() -> receiver.items() >= runs / 2, Duration.ofMinutes(2));
			Drill.stop("workflow-service", true);
			long restart = Drill.up();
			Map<String, String> statuses = new LinkedHashMap<>();
			Drill.millisUntil(() -> terminal(tenant, operations, statuses), Duration.ofMinutes(Drill.FULL ? 10 : 3));
			int completed = (int) statuses.values().stream().filter("completed"::equals).count();
			row("workflow -9", Map.of("runs", runs, "completed", completed, "steps applied", receiver.items(),
					"redelivered", receiver.redeliveries(), "restart ms", restart));
			assertThat(statuses).as("run statuses").hasSize(runs).containsOnlyKeys(operations);
			assertThat(new java.util.HashSet<>(statuses.values())).as("run statuses").containsOnly("completed");
			assertThat(completed).as("runs completed").isEqualTo(runs);
			assertThat(receiver.items()).as("distinct step applications (3 HTTP steps per run)").isEqualTo(runs * 3);
		}
	}

	private static final List<String> FINAL = List.of("completed", "failed", "compensated", "cancelled");

	/**
	 * Whether every operation ended, counting their statuses. An ended operation keeps
	 * its status, so only the others are read again: re-reading all 300 of the full drill
	 * at every poll ran into the tenant's rate limit, and a 429 would never let it
	 * finish.
	 */
	private static boolean terminal(Tenant tenant, List<String> operations, Map<String, String> statuses) {
		for (String operation : operations) {
			String known = statuses.get(operation);
			if (known != null && FINAL.contains(known)) {
				continue;
			}
			Answer answer = Drill.call("GET", "/v2/operations/" + operation, null, tenant.token());
			if (answer.status() == 429) {
				return false;
			}
			statuses.put(operation, (answer.status() == 200) ? answer.json().path("status").asString() : "unreadable");
			if (!FINAL.contains(statuses.get(operation))) {
				return false;
			}
		}
		return true;
	}

	/** The gateway keeps serving reads while Redis (rate limits, caches) is stopped. */
	@Test
	void redisStopped() throws Exception {
		assumeTrue(Drill.selected("redis"));
		Tenant tenant = Tenant.create("redis", null);
		Answer created = Drill.call("POST", "/v2/resources",
				"{\"type\": \"%s\", \"attributes\": {\"title\": \"%s\"}}".formatted(tenant.type(), tenant.item(0)),
				tenant.token());
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().path("id").asString();
		Drill.stop("redis", false);
		int reads = 0;
		int failed = 0;
		long until = System.nanoTime() + Duration.ofSeconds(Drill.size(10, 60)).toNanos();
		while (System.nanoTime() < until) {
			reads++;
			if (Drill.call("GET", "/v2/resources/" + id, null, tenant.token()).status() != 200) {
				failed++;
			}
			Thread.sleep(50);
		}
		long restart = Drill.up();
		long recovered = Drill.millisUntil(
				() -> Drill.call("GET", "/v2/resources/" + id, null, tenant.token()).status() == 200, RECOVERY);
		row("redis stopped",
				Map.of("reads", reads, "failed", failed, "restart ms", restart, "recovered ms", recovered));
		assertThat(failed).as("reads that failed while Redis was down").isZero();
		assertThat(recovered).as("ms until served after Redis returned").isNotNegative();
	}

	/** Writes, webhooks and search across a restart of the Kafka broker. */
	@Test
	void kafkaRestarted() throws Exception {
		assumeTrue(Drill.selected("kafka"));
		outageOf("kafka", "kafka restarted", Duration.ZERO, false);
	}

	/**
	 * Writes fail cleanly while PostgreSQL is down and succeed again on their own after.
	 */
	@Test
	void postgresRestarted() throws Exception {
		assumeTrue(Drill.selected("postgres"));
		outageOf("postgres", "postgres restarted", Duration.ZERO, true);
	}

	/** Writes keep succeeding while Elasticsearch is stopped; search catches up after. */
	@Test
	void elasticsearchStopped() throws Exception {
		assumeTrue(Drill.selected("elasticsearch"));
		outageOf("elasticsearch", "elasticsearch stopped", Duration.ofSeconds(Drill.size(15, 60)), false);
	}

	/**
	 * Writes at a steady pace while {@code server} is stopped for {@code outage} and then
	 * started; every committed write must reach its webhook and search.
	 */
	private void outageOf(String server, String drill, Duration outage, boolean writesMayFail) throws Exception {
		int writes = Drill.size(120, 2_000);
		Tenant tenant = Tenant.create(server.substring(0, 5), null);
		try (DrillReceiver receiver = tenant.subscribe();
				Writer writer = new Writer(tenant, writes, Duration.ofMillis(Drill.size(150, 50)))) {
			Drill.millisUntil(() -> writer.done() >= writes / 4, Duration.ofMinutes(2));
			Drill.stop(server, false);
			Thread.sleep(outage.toMillis());
			long restart = Drill.up();
			long back = System.nanoTime();
			long recovered = Drill.millisUntil(() -> tenant.createProbe() == 201, RECOVERY);
			writer.awaitDone(Duration.ofMinutes(10));
			List<Integer> committed = writer.committed();
			Drill.awaitQuiet(
					() -> committed.stream().allMatch((n) -> receiver.received(tenant.item(n)))
							&& tenant.searchable() >= committed.size() + 1,
					receiver::items, Duration.ofSeconds(60), Duration.ofMinutes(10));
			long caughtUp = (System.nanoTime() - back) / 1_000_000;
			long lost = committed.stream().filter((n) -> !receiver.received(tenant.item(n))).count();
			int searchable = tenant.searchable() - 1;
			row(drill,
					Map.of("committed", committed.size(), "refused", writer.refusals(), "delivered", receiver.items(),
							"lost", lost, "searchable", searchable, "restart ms", restart, "recovered ms", recovered,
							"caught up ms", caughtUp));
			if (!writesMayFail) {
				assertThat(writer.refused()).as("writes refused during the %s outage", server).isZero();
			}
			assertThat(writer.serverErrors()).as("500 answers (an outage answers 503)").isZero();
			assertThat(recovered).as("ms until a write succeeded after %s returned", server).isNotNegative();
			assertThat(lost).as("committed writes whose webhook never came").isZero();
			assertThat(receiver.itemsWithSeveralIds()).as("events delivered under a second webhook-id").isZero();
			// a write that got no answer (or a gateway timeout) may have committed: a
			// client
			// sends it again with its Idempotency-Key; search holds each committed write
			// once
			assertThat(searchable).as("committed writes found by search")
				.isBetween(committed.size(), committed.size() + writer.unknownOutcomes());
		}
	}

	private static void row(String drill, Map<String, Object> figures) {
		Map<String, Object> ordered = new LinkedHashMap<>();
		List.of("committed", "runs", "reads", "refused", "failed", "completed", "delivered", "steps applied", "lost",
				"redelivered", "new ids", "searchable", "restart ms", "recovered ms", "caught up ms")
			.forEach((key) -> {
				if (figures.containsKey(key)) {
					ordered.put(key, figures.get(key));
				}
			});
		report.put(drill, ordered);
		System.out.println("drill " + drill + ": " + ordered);
	}

}
