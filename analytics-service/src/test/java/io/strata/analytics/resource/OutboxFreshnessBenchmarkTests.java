package io.strata.analytics.resource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.platform.events.DomainEvent;
import io.strata.platform.events.EventTopics;
import io.strata.platform.observability.TraceIds;
import io.strata.platform.outbox.Outbox;
import io.strata.platform.outbox.OutboxProperties;
import io.strata.platform.outbox.OutboxRelay;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.testsupport.LocalStack;
import io.strata.testsupport.Server;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-to-searchable freshness through the real path a resource write takes: a
 * PostgreSQL transaction that writes a row and appends the event to the platform
 * {@link Outbox}, the platform {@link OutboxRelay} publishing it to Kafka (50 ms poll, as
 * configured by default), this service's consumer indexing it, and the search API seeing
 * it. The baseline, measured in the same run, publishes the same event straight to Kafka
 * (no database, no relay). Budget: p95 under 1.5 s. Run with
 * {@code ./mvnw -B verify -Pbenchmark -pl analytics-service}
 * ({@code -Dbenchmark.freshness.samples=N}, default 100).
 */
@Tag("benchmark")
class OutboxFreshnessBenchmarkTests extends AnalyticsIntegrationTest {

	private static final int SAMPLES = Integer.getInteger("benchmark.freshness.samples", 100);

	@Autowired
	TraceIds traceIds;

	@Test
	void writeToSearchableThroughTheOutbox() throws Exception {
		LocalStack.require(Server.POSTGRES);
		DataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(),
				LocalStack.jdbcUrl(LocalStack.createDatabase("analytics-freshness")), LocalStack.postgresUser(),
				LocalStack.postgresPassword());
		new ResourceDatabasePopulator(new ClassPathResource("db/platform/V0_1__strata_outbox.sql")).execute(dataSource);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE bench_resource (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, state TEXT NOT NULL)");
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		Outbox outbox = new Outbox(jdbc, this.topics, this.traceIds, "strata/workflow-service");
		OutboxRelay relay = new OutboxRelay(jdbc, transactions, this.kafka,
				new OutboxProperties(true, Duration.ofMillis(50), 500, Duration.ofSeconds(10)),
				new SimpleMeterRegistry());
		relay.dispatcher().start();
		try {
			String tenant = newTenant();
			// warm-up of both paths, not measured
			for (int i = 0; i < 10; i++) {
				measureDirect(tenant, "warm-direct-" + i);
				measureOutbox(tenant, "warm-outbox-" + i, jdbc, transactions, outbox);
			}
			long[] direct = new long[SAMPLES];
			long[] throughOutbox = new long[SAMPLES];
			for (int i = 0; i < SAMPLES; i++) {
				direct[i] = measureDirect(tenant, "direct-" + i);
				throughOutbox[i] = measureOutbox(tenant, "outbox-" + i, jdbc, transactions, outbox);
			}
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("cores", Runtime.getRuntime().availableProcessors());
			report.put("samples", SAMPLES);
			report.put("baseline kafka->searchable p50/p95/p99 ms", percentiles(direct));
			report.put("outbox->relay->kafka->searchable p50/p95/p99 ms", percentiles(throughOutbox));
			report.put("outbox/baseline p50 ratio",
					String.format("%.2f", (double) percentile(throughOutbox, 50) / percentile(direct, 50)));
			report.put("outbox/baseline p95 ratio",
					String.format("%.2f", (double) percentile(throughOutbox, 95) / percentile(direct, 95)));
			report.put("goal p95 < 1000 ms met", percentile(throughOutbox, 95) < TimeUnit.MILLISECONDS.toNanos(1000));
			StringBuilder out = new StringBuilder("\n=== analytics OutboxFreshnessBenchmarkTests ===\n");
			report.forEach((key, value) -> out.append(String.format("%-50s %s%n", key, value)));
			System.out.println(out);
		}
		finally {
			relay.dispatcher().stop();
		}
	}

	private long measureDirect(String tenant, String id) throws InterruptedException {
		long written = System.nanoTime();
		created(resource(tenant, id, 1, "open", Map.of("priority", 1)));
		return untilVisible(tenant, id, written);
	}

	private long measureOutbox(String tenant, String id, JdbcTemplate jdbc, TransactionTemplate transactions,
			Outbox outbox) throws InterruptedException {
		Resource resource = resource(tenant, id, 1, "open", Map.of("priority", 1));
		long written = System.nanoTime();
		transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO bench_resource (id, tenant_id, state) VALUES (?, ?, ?)", id, tenant, "open");
			outbox.append(new DomainEvent(UUID.randomUUID(), EventTopics.RESOURCE, id, "resource.created", 1, tenant,
					Instant.now(), ResourceCreated.newBuilder().setResource(resource).build()));
		});
		// measured from the commit returning, as a client of workflow-service sees it
		return untilVisible(tenant, id, written);
	}

	@SuppressWarnings("unchecked")
	private long untilVisible(String tenant, String id, long since) throws InterruptedException {
		while (true) {
			Map<String, Object> page = get(tenant, "/v2/resources?filter={f}", "id = \"" + id + "\"").expectStatus()
				.isOk()
				.expectBody(LinkedHashMap.class)
				.returnResult()
				.getResponseBody();
			if (!((List<Object>) page.get("items")).isEmpty()) {
				return System.nanoTime() - since;
			}
			assertThat(System.nanoTime() - since).as("not searchable within 30 s").isLessThan(30_000_000_000L);
			Thread.sleep(5);
		}
	}

	private static String percentiles(long[] nanos) {
		return String.format("%.1f / %.1f / %.1f", percentile(nanos, 50) / 1e6, percentile(nanos, 95) / 1e6,
				percentile(nanos, 99) / 1e6);
	}

	private static long percentile(long[] nanos, int p) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

}
