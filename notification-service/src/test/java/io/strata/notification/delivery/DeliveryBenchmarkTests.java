package io.strata.notification.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Received;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries per second to a local receiver and latency from the event's time (set when
 * it is published to Kafka, as the outbox does at commit) to its arrival at the receiver,
 * against a baseline measured in the same run: plain HTTP POSTs of the same body to the
 * same receiver. Run with {@code ./mvnw -B verify -Pbenchmark -pl notification-service}.
 */
@Tag("benchmark")
class DeliveryBenchmarkTests extends NotificationIntegrationTest {

	static final int EVENTS = 400;

	@Test
	void deliveryThroughputAndLatencyAgainstDirectPosts() throws Exception {
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.*"));
		String basePath = newPath();

		// warm-up of both paths
		publishResourceCreated(tenant, "warm-up");
		await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received(path).size() == 1);

		HttpClient http = HttpClient.newHttpClient();
		String body = receiver.received(path).get(0).body();
		List<Long> baseline = new ArrayList<>();
		Instant baseStart = Instant.now();
		for (int i = 0; i < EVENTS; i++) {
			long started = System.nanoTime();
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(receiver.url(basePath)))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json")
				.build(), HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(200);
			baseline.add((System.nanoTime() - started) / 1000);
		}
		double baseSeconds = Duration.between(baseStart, Instant.now()).toNanos() / 1e9;

		Instant start = Instant.now();
		for (int i = 0; i < EVENTS; i++) {
			publishResourceCreated(tenant, "bench-" + i);
		}
		await().atMost(Duration.ofSeconds(120)).until(() -> receiver.received(path).size() == EVENTS + 1);
		List<Received> got = receiver.received(path).subList(1, EVENTS + 1);
		Instant last = got.stream().map(Received::at).max(Instant::compareTo).orElseThrow();
		double seconds = Duration.between(start, last).toNanos() / 1e9;
		List<Long> latencies = new ArrayList<>();
		for (Received received : got) {
			Instant occurred = Instant.parse(this.json.readTree(received.body()).get("timestamp").asString());
			latencies.add(Duration.between(occurred, received.at()).toNanos() / 1000);
		}
		assertThat(got).allMatch(Received::signatureValid);

		Collections.sort(baseline);
		Collections.sort(latencies);
		System.out.printf("%nnotification-service delivery benchmark (%d cores, %d events)%n",
				Runtime.getRuntime().availableProcessors(), EVENTS);
		System.out.printf("baseline  direct POST     : %8.1f req/s  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms%n",
				EVENTS / baseSeconds, p(baseline, 50), p(baseline, 95), p(baseline, 99));
		System.out.printf("webhooks  event->delivery : %8.1f del/s  p50 %8.2f ms  p95 %8.2f ms  p99 %8.2f ms%n",
				EVENTS / seconds, p(latencies, 50), p(latencies, 95), p(latencies, 99));
		System.out.printf("ratio (webhooks/baseline) : throughput %.3f  p50 %.1fx  p95 %.1fx%n%n",
				(EVENTS / seconds) / (EVENTS / baseSeconds), p(latencies, 50) / p(baseline, 50),
				p(latencies, 95) / p(baseline, 95));
	}

	private static double p(List<Long> sortedMicros, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.size()) - 1;
		return sortedMicros.get(Math.max(0, index)) / 1000.0;
	}

}
