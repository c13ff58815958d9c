package io.strata.analytics.resource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;

/**
 * Write → semantically searchable: a resource event published to Kafka until a semantic
 * search (its own title, filtered to its id) finds it, beside the baseline measured in
 * the same run: write → found by a filter alone (keyword indexing). The budget is
 * p95 &lt; 3 s. Run with {@code ./mvnw -B verify -Pbenchmark -pl analytics-service
 * -Dtest=SemanticFreshnessBenchmarkTests}.
 */
@Tag("benchmark")
class SemanticFreshnessBenchmarkTests extends AnalyticsIntegrationTest {

	private static final int WRITES = Integer.getInteger("benchmark.writes", 40);

	private static final List<String> TITLES = List.of("the printer jams on every page",
			"payroll was paid twice this month", "water is leaking from the ceiling",
			"cannot log in after the password reset", "laptop battery drains within an hour",
			"the parking gate does not open", "invoice total does not match the order",
			"customer asks for a refund of a late delivery");

	@Test
	void writeToSemanticallySearchable() throws Exception {
		String tenant = newTenant();
		long[] keyword = new long[WRITES];
		long[] semantic = new long[WRITES];
		for (int i = 0; i < WRITES; i++) {
			String id = "k" + i;
			long written = System.nanoTime();
			created(resource(tenant, id, 1, "open", Map.of("title", TITLES.get(i % TITLES.size()))));
			while (!found(tenant, "/v2/resources?filter=id = \"" + id + "\"", id)) {
				Thread.sleep(5);
			}
			keyword[i] = System.nanoTime() - written;
		}
		for (int i = 0; i < WRITES; i++) {
			String id = "s" + i;
			String title = TITLES.get(i % TITLES.size());
			long written = System.nanoTime();
			created(resource(tenant, id, 1, "open", Map.of("title", title)));
			while (!found(tenant, "/v2/resources?mode=semantic&query=" + title + "&filter=id = \"" + id + "\"", id)) {
				Thread.sleep(5);
			}
			semantic[i] = System.nanoTime() - written;
		}
		System.out.printf(
				"%n=== analytics SemanticFreshnessBenchmarkTests (%d writes each, %d cores) ===%n"
						+ "baseline write->found by filter p50/p95 ms     %d / %d%n"
						+ "write->semantically searchable p50/p95 ms      %d / %d  (budget p95 3000)%n"
						+ "p95 ratio semantic/keyword                     %.2f%n",
				WRITES, Runtime.getRuntime().availableProcessors(), percentile(keyword, 50), percentile(keyword, 95),
				percentile(semantic, 50), percentile(semantic, 95),
				(double) percentile(semantic, 95) / percentile(keyword, 95));
	}

	private boolean found(String tenant, String uri, String id) {
		String body = get(tenant, uri).expectStatus().isOk().returnResult(String.class).getResponseBody();
		return body != null && body.contains("\"" + id + "\"");
	}

	private static long percentile(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return TimeUnit.NANOSECONDS
			.toMillis(sorted[Math.max(0, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)]);
	}

}
