package io.strata.workflow.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.platform.tenant.TenantScope;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow runs per second for a three-step workflow without external I/O, p50/p95/p99
 * from action to completion, and resources created per second, each beside a baseline
 * measured in the same run: a bare tenant-scoped INSERT of a resource row.
 * {@code ./mvnw -B verify -Pbenchmark -pl workflow-service}
 */
@Tag("benchmark")
class WorkflowBenchmarkTests extends WorkflowIntegrationTest {

	static final int RESOURCES = 400;

	static final int RUNS = 400;

	@Autowired
	TenantScope tenants;

	@Test
	@SuppressWarnings("unchecked")
	void measure() {
		String tenant = newTenant();
		defineTicket(tenant, "ticket",
				"""
						{"steps": [
						  {"name": "stamp", "type": "resource.set", "input": {"attributes": {"approved_by": "input.approver"}}},
						  {"name": "check", "type": "branch", "input": {"condition": "resource.attributes.priority > 3"},
						   "then": "$end"},
						  {"name": "announce", "type": "event.emit", "input": {"type": "'ticket.approved'", "data": {"id": "resource.id"}}}]}""");
		for (int i = 0; i < 50; i++) {
			createTicket(tenant, "ticket", "warm-up");
			bareInsert(tenant);
		}

		double[] baseline = new double[RESOURCES];
		long baselineStart = System.nanoTime();
		for (int i = 0; i < RESOURCES; i++) {
			long start = System.nanoTime();
			bareInsert(tenant);
			baseline[i] = (System.nanoTime() - start) / 1e6;
		}
		double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;

		double[] creates = new double[RESOURCES];
		List<String> ids = new ArrayList<>();
		long createStart = System.nanoTime();
		for (int i = 0; i < RESOURCES; i++) {
			long start = System.nanoTime();
			ids.add(createTicket(tenant, "ticket", "bench " + i));
			creates[i] = (System.nanoTime() - start) / 1e6;
		}
		double createSeconds = (System.nanoTime() - createStart) / 1e9;

		List<String> operations = new ArrayList<>();
		long runStart = System.nanoTime();
		for (int from = 0; from < RUNS; from += 100) {
			List<String> batch = ids.subList(from, Math.min(RUNS, from + 100));
			Map<String, Object> body = post(tenant, "/v2/resources/actions",
					"{\"action\": \"approve\", \"resource_ids\": [\"" + String.join("\", \"", batch)
							+ "\"], \"input\": {\"approver\": \"bench\"}}",
					202);
			((List<Map<String, Object>>) body.get("operations")).forEach((op) -> operations.add((String) op.get("id")));
		}
		await(() -> this.jdbc.queryForObject(
				"SELECT count(*) FROM workflow_run WHERE tenant_id = ? AND status IN ('completed', 'failed', 'compensated')",
				Long.class, tenant), (done) -> done >= RUNS, Duration.ofMinutes(5));
		double runSeconds = (System.nanoTime() - runStart) / 1e9;
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM workflow_run WHERE tenant_id = ? AND status = 'completed'", Long.class, tenant))
			.isEqualTo(RUNS);
		double[] latencies = this.jdbc.queryForList(
				"SELECT EXTRACT(EPOCH FROM (finished_at - created_at)) * 1000 FROM workflow_run WHERE tenant_id = ?",
				Double.class, tenant)
			.stream()
			.mapToDouble(Double::doubleValue)
			.toArray();

		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("%n=== workflow-service benchmark (%d cores) ===%n", cores);
		report("baseline: bare resource INSERT (tenant-scoped tx)", RESOURCES / baselineSeconds, baseline);
		report("POST /v2/resources (HTTP+JWT+schema+outbox)", RESOURCES / createSeconds, creates);
		report("3-step workflow, action -> completion", RUNS / runSeconds, latencies);
		System.out.printf(
				"ratios: create/baseline throughput %.3f, create p50/baseline p50 %.2fx, "
						+ "workflow runs/s per bare insert/s %.3f%n",
				(RESOURCES / createSeconds) / (RESOURCES / baselineSeconds),
				percentile(creates, 50) / percentile(baseline, 50),
				(RUNS / runSeconds) / (RESOURCES / baselineSeconds));
	}

	private void bareInsert(String tenant) {
		this.tenants.run(tenant,
				(status) -> this.jdbc.update(
						"""
								INSERT INTO resource (id, tenant_id, type, type_version, state, attributes, version, created_at, updated_at)
								VALUES (?, ?, 'baseline', 1, 'open', '{"title": "x"}'::jsonb, 1, now(), now())""",
						UUID.randomUUID().toString(), tenant));
	}

	private static void report(String what, double perSecond, double[] millis) {
		System.out.printf("%-52s %8.1f/s  p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms%n", what, perSecond,
				percentile(millis, 50), percentile(millis, 95), percentile(millis, 99));
	}

	private static double percentile(double[] values, int percentile) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
