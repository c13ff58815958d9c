package io.strata.analytics.resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Indexing throughput, filter query latency and write-to-searchable freshness at up to
 * 100,000 resources ({@code -Dbenchmark.resources=N}), each beside a baseline measured in
 * the same run: a raw bulk index of the prebuilt documents, and a filterless list. Run
 * with {@code ./mvnw -B verify -Pbenchmark -pl analytics-service}.
 */
@Tag("benchmark")
class ResourceSearchBenchmarkTests extends AnalyticsIntegrationTest {

	private static final int RESOURCES = Integer.getInteger("benchmark.resources", 100_000);

	private static final int QUERIES = 300;

	private static final String[] STATES = { "open", "pending", "closed" };

	@Autowired
	Elastic elastic;

	@Autowired
	ResourceIndex index;

	@Test
	void indexingQueryLatencyAndFreshness() throws Exception {
		String tenant = newTenant();
		Random random = new Random(7);
		List<Resource> resources = new ArrayList<>(RESOURCES);
		for (int i = 0; i < RESOURCES; i++) {
			resources.add(resource(tenant, "r" + i, 1, STATES[random.nextInt(STATES.length)],
					Map.of("priority", random.nextInt(100), "title", "ticket number " + i + " about printers", "due",
							"2024-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z")));
		}

		// baseline: raw bulk of prebuilt documents into an index with the same mapping
		String scratch = this.index.createGeneration();
		long baselineStart = System.nanoTime();
		for (int from = 0; from < RESOURCES; from += 1000) {
			StringBuilder bulk = new StringBuilder();
			for (Resource resource : resources.subList(from, Math.min(RESOURCES, from + 1000))) {
				bulk.append(this.elastic.write(Map.of("index", Map.of("_index", scratch, "_id", resource.getId()))))
					.append('\n')
					.append(this.elastic.write(ResourceDocuments.document(resource, 256)))
					.append('\n');
			}
			this.elastic.send("POST", "/_bulk", bulk.toString());
		}
		this.elastic.send("POST", "/" + scratch + "/_refresh", null);
		double baselineSeconds = (System.nanoTime() - baselineStart) / 1e9;
		this.elastic.send("DELETE", "/" + scratch, null);

		// the feature: CloudEvents on Kafka, consumed and bulk-indexed with external
		// versions
		long start = System.nanoTime();
		for (Resource resource : resources) {
			this.kafka.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), resource.getId(),
					CloudEventRecords.event(UUID.randomUUID(), EventTypes.cloudEventType("resource.created", 1),
							"/bench", resource.getId(), tenant, Instant.now(),
							ResourceCreated.newBuilder().setResource(resource).build().toByteArray())));
		}
		this.kafka.flush();
		while (count(tenant) < RESOURCES) {
			Thread.sleep(200);
			assertThat(System.nanoTime() - start).as("indexing took too long").isLessThan(TimeUnit.MINUTES.toNanos(10));
		}
		double featureSeconds = (System.nanoTime() - start) / 1e9;

		// query latency through the API: a selective filter with an attribute sort vs no
		// filter
		String filter = "state = \"open\" AND attributes.priority >= 50 AND attributes.due < 2024-06-01T00:00:00Z";
		long[] baselineQuery = latencies(tenant, "/v2/resources?page_size=50&filter={f}&order_by={o}", "", "");
		long[] filtered = latencies(tenant, "/v2/resources?page_size=50&filter={f}&order_by={o}", filter,
				"attributes.priority desc");

		// freshness: publish one write, poll the API until it is visible
		long[] freshness = new long[50];
		for (int i = 0; i < freshness.length; i++) {
			String id = "fresh-" + i;
			long written = System.nanoTime();
			created(resource(tenant, id, 1, "open", Map.of("priority", 1)));
			while (!visible(tenant, id)) {
				Thread.sleep(10);
			}
			freshness[i] = System.nanoTime() - written;
		}

		Map<String, Object> report = new LinkedHashMap<>();
		report.put("cores", Runtime.getRuntime().availableProcessors());
		report.put("resources", RESOURCES);
		report.put("baseline raw bulk docs/s", rate(RESOURCES, baselineSeconds));
		report.put("kafka->index events/s", rate(RESOURCES, featureSeconds));
		report.put("indexing ratio (feature/baseline time)", String.format("%.2f", featureSeconds / baselineSeconds));
		report.put("list no filter p50/p95/p99 ms", percentiles(baselineQuery));
		report.put("filter+attr sort p50/p95/p99 ms", percentiles(filtered));
		report.put("filter/no-filter p50 ratio",
				String.format("%.2f", (double) percentile(filtered, 50) / percentile(baselineQuery, 50)));
		report.put("filter/no-filter p95 ratio",
				String.format("%.2f", (double) percentile(filtered, 95) / percentile(baselineQuery, 95)));
		report.put("write->searchable p50/p95/p99 ms (goal p95 < 1000)", percentiles(freshness));
		StringBuilder out = new StringBuilder("\n=== analytics ResourceSearchBenchmarkTests ===\n");
		report.forEach((key, value) -> out.append(String.format("%-50s %s%n", key, value)));
		System.out.println(out);
	}

	private long[] latencies(String tenant, String uri, String filter, String orderBy) {
		for (int i = 0; i < 30; i++) {
			get(tenant, uri, filter, orderBy).expectStatus().isOk();
		}
		long[] latencies = new long[QUERIES];
		for (int i = 0; i < QUERIES; i++) {
			long start = System.nanoTime();
			get(tenant, uri, filter, orderBy).expectStatus().isOk();
			latencies[i] = System.nanoTime() - start;
		}
		return latencies;
	}

	private long count(String tenant) {
		this.elastic.send("POST", "/" + this.index.alias() + "/_refresh", null);
		return this.elastic
			.send("POST", "/" + this.index.alias() + "/_count",
					Map.of("query", Map.of("term", Map.of("tenant_id", tenant))))
			.path("count")
			.asLong();
	}

	@SuppressWarnings("unchecked")
	private boolean visible(String tenant, String id) {
		Map<String, Object> page = get(tenant, "/v2/resources?filter={f}", "id = \"" + id + "\"").expectStatus()
			.isOk()
			.expectBody(LinkedHashMap.class)
			.returnResult()
			.getResponseBody();
		return !((List<Object>) page.get("items")).isEmpty();
	}

	private static String rate(int count, double seconds) {
		return String.format("%.0f (%d in %.1f s)", count / seconds, count, seconds);
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
