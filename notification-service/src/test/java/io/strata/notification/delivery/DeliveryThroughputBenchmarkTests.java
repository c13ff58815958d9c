package io.strata.notification.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.cloudevents.CloudEvent;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestReceiver.Received;
import io.strata.notification.support.TestReceiver.Reply;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceCreated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries per second with many endpoints, and what a failing endpoint does to the
 * others. {@value #ENDPOINTS} endpoints of one tenant subscribe to resource events;
 * {@value #EVENTS} events are published to Kafka at once, so the service fans out and
 * delivers {@code ENDPOINTS × EVENTS} webhooks. Latency runs from the event's time (set
 * when it is published, as the outbox does at commit) to its arrival at the receiver.
 * Baseline, in the same run: the same number of POSTs of the same body to the same
 * receiver by the same HTTP client (Apache HttpClient 5) with as many in flight as the
 * service allows ({@code endpoints × per-endpoint concurrency}). Asserts only
 * correctness: every webhook arrives at every endpoint with a valid signature, twice
 * (same {@code webhook-id}) only after an attempt that got no answer in time. Run with
 * {@code ./mvnw -B verify -Pbenchmark -pl notification-service -am
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DeliveryThroughputBenchmarkTests}.
 */
@Tag("benchmark")
class DeliveryThroughputBenchmarkTests extends NotificationIntegrationTest {

	static final int ENDPOINTS = 20;

	static final int EVENTS = 200;

	static final int PER_ENDPOINT = 4;

	@Test
	void deliveriesPerSecondToManyEndpointsAgainstDirectPosts() throws Exception {
		String tenant = newTenant();
		List<String> paths = endpoints(tenant, ENDPOINTS);
		warmUp(tenant, paths);

		double baseline = baseline(paths, ENDPOINTS * EVENTS, ENDPOINTS * PER_ENDPOINT);

		Instant start = Instant.now();
		publish(tenant, EVENTS, "bench");
		Map<String, List<Received>> got = awaitAll(tenant, paths, EVENTS + 1, Duration.ofMinutes(5));
		Result result = result(got, start);

		System.out.printf("%nnotification-service delivery throughput (%d cores, %d endpoints x %d events = %d)%n",
				Runtime.getRuntime().availableProcessors(), ENDPOINTS, EVENTS, ENDPOINTS * EVENTS);
		System.out.printf("baseline  direct POSTs    : %8.1f req/s (%d in flight)%n", baseline,
				ENDPOINTS * PER_ENDPOINT);
		System.out.printf("webhooks  event->delivery : %8.1f del/s  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms%n",
				result.perSecond(), result.p50(), result.p95(), result.p99());
		System.out.printf("ratio (webhooks/baseline) : %.3f%n", result.perSecond() / baseline);
		System.out.println(breakdown(tenant));
	}

	@Test
	void aFailingEndpointDoesNotDelayTheOthers() throws Exception {
		String tenant = newTenant();
		List<String> paths = endpoints(tenant, ENDPOINTS);
		String failing = paths.getLast();
		warmUp(tenant, paths);
		// from now on the last endpoint answers 500 after a second, every time
		receiver.reply(failing, (n) -> (n == 1) ? Reply.ok() : new Reply(500, Map.of(), "down", 1000));
		List<String> healthy = paths.subList(0, paths.size() - 1);

		Instant start = Instant.now();
		publish(tenant, EVENTS, "fair");
		Map<String, List<Received>> got = awaitAll(tenant, healthy, EVENTS + 1, Duration.ofMinutes(5));
		Result result = result(got, start);

		System.out.printf(
				"%nnotification-service fairness (%d cores, %d healthy endpoints + 1 answering 500 after 1 s)%n",
				Runtime.getRuntime().availableProcessors(), healthy.size());
		System.out.printf("healthy   event->delivery : %8.1f del/s  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms%n",
				result.perSecond(), result.p50(), result.p95(), result.p99());
		System.out.printf("failing endpoint attempts : %d during the run%n", receiver.received(failing).size() - 1);
		System.out.println(breakdown(tenant));
	}

	private List<String> endpoints(String tenant, int count) {
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String path = newPath();
			registerOnReceiver(tenant, path, List.of("resource.*"));
			paths.add(path);
		}
		return paths;
	}

	private void warmUp(String tenant, List<String> paths) {
		publish(tenant, 1, "warm-up");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> paths.stream().allMatch((path) -> receiver.received(path).size() == 1));
	}

	private void publish(String tenant, int count, String prefix) {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = prefix + "-" + i;
			CloudEvent event = CloudEventRecords.event(UUID.randomUUID(), "io.strata.resource.created.v1",
					"strata/workflow-service", id, tenant, Instant.now(),
					ResourceCreated.newBuilder()
						.setResource(resource(tenant, id).toBuilder()
							.setAttributes(Struct.newBuilder()
								.putFields("title", Value.newBuilder().setStringValue("Printer").build())))
						.build()
						.toByteArray());
			sent.add(this.kafka.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), id, event)));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Waits until every endpoint has every message; a message may arrive twice with the
	 * same {@code webhook-id} only after an attempt the sender recorded as failed (no
	 * answer within the timeout), and the first arrival of each counts.
	 */
	private Map<String, List<Received>> awaitAll(String tenant, List<String> paths, int each, Duration atMost) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> paths.stream().allMatch((path) -> distinct(receiver.received(path)).size() >= each));
		Map<String, List<Received>> got = new java.util.HashMap<>();
		int duplicates = 0;
		for (String path : paths) {
			List<Received> received = receiver.received(path);
			List<Received> first = distinct(received);
			assertThat(first).hasSize(each);
			assertThat(received).allMatch(Received::signatureValid);
			duplicates += received.size() - first.size();
			got.put(path, first.subList(1, each));
		}
		Integer failed = this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_attempt WHERE tenant_id = ? AND NOT succeeded", Integer.class, tenant);
		System.out.printf("duplicates: %d (same webhook-id, after %d failed attempts)%n", duplicates, failed);
		assertThat(duplicates).isLessThanOrEqualTo(failed);
		return got;
	}

	private static List<Received> distinct(List<Received> received) {
		Map<String, Received> first = new java.util.LinkedHashMap<>();
		received.forEach((one) -> first.putIfAbsent(one.webhookId(), one));
		return new ArrayList<>(first.values());
	}

	private Result result(Map<String, List<Received>> got, Instant start) {
		List<Long> latencies = new ArrayList<>();
		Instant last = start;
		for (List<Received> received : got.values()) {
			for (Received one : received) {
				Instant occurred = Instant.parse(this.json.readTree(one.body()).get("timestamp").asString());
				latencies.add(Duration.between(occurred, one.at()).toNanos() / 1000);
				last = one.at().isAfter(last) ? one.at() : last;
			}
		}
		Collections.sort(latencies);
		double seconds = Duration.between(start, last).toNanos() / 1e9;
		return new Result(latencies.size() / seconds, p(latencies, 50), p(latencies, 95), p(latencies, 99));
	}

	/**
	 * Where the time goes, from the rows: event → message recorded (the Kafka consumer's
	 * fan-out) and message recorded → delivery recorded (queue, send and outcome).
	 */
	private String breakdown(String tenant) {
		return this.jdbc.queryForObject(
				"""
						SELECT format('fan-out   event->recorded  : p50 %s ms  p95 %s ms%sdelivery  recorded->done   : p50 %s ms  p95 %s ms%s',
						    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.created_at - m.occurred_at) * 1000)),
						    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM m.created_at - m.occurred_at) * 1000)),
						    chr(10),
						    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - m.created_at) * 1000)),
						    round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM d.delivered_at - m.created_at) * 1000)),
						    chr(10))
						FROM webhook_delivery d JOIN webhook_message m ON m.id = d.message_id
						WHERE d.tenant_id = ? AND d.status = 'delivered'""",
				String.class, tenant);
	}

	/** POSTs per second of the same body to the same receiver with the same client. */
	private static double baseline(List<String> paths, int requests, int concurrency) throws Exception {
		String body = receiver.received(paths.getFirst()).getFirst().body();
		String basePath = newPath();
		try (CloseableHttpClient http = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(concurrency)
				.setMaxConnPerRoute(concurrency)
				.build())
			.build(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			Semaphore slots = new Semaphore(concurrency);
			List<CompletableFuture<Integer>> done = new ArrayList<>(requests);
			long started = System.nanoTime();
			for (int i = 0; i < requests; i++) {
				slots.acquire();
				done.add(CompletableFuture.supplyAsync(() -> {
					try {
						HttpPost post = new HttpPost(receiver.url(basePath));
						post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
						return http.execute(post, (response) -> {
							EntityUtils.consume(response.getEntity());
							return response.getCode();
						});
					}
					catch (Exception ex) {
						return -1;
					}
					finally {
						slots.release();
					}
				}, threads));
			}
			CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
			double seconds = (System.nanoTime() - started) / 1e9;
			assertThat(done).allMatch((future) -> future.join() == 200);
			return requests / seconds;
		}
	}

	private static double p(List<Long> sortedMicros, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.size()) - 1;
		return sortedMicros.get(Math.max(0, index)) / 1000.0;
	}

	record Result(double perSecond, double p50, double p95, double p99) {
	}

}
