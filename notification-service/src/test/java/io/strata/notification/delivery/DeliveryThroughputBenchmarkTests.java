package io.strata.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.CpuMeter;
import io.strata.notification.support.CpuMeter.Cpu;
import io.strata.notification.support.NginxReceiver;
import io.strata.notification.support.NginxReceiver.Arrival;
import io.strata.notification.support.TestReceiver.Reply;
import io.strata.notification.support.WebhookVerifier;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceCreated;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Deliveries per second with many endpoints, latency at the target rate, and what a
 * failing endpoint does to the others. {@value #ENDPOINTS} endpoints of one tenant
 * subscribe to resource events; each event becomes {@code ENDPOINTS} webhooks.
 * <p>
 * The receiver is nginx in its own process ({@link NginxReceiver}), so that the receiver
 * is not what is measured: it answers 200 and logs each request's arrival time and
 * Standard Webhooks headers. Every logged signature is verified against the message body
 * the service stored (and the body's length against the logged one). Latency runs from
 * the event's time (set when it is published, as the outbox does at commit) to its
 * arrival at nginx.
 * <ul>
 * <li>Throughput: {@value #EVENTS} events published at once ({@code ENDPOINTS × EVENTS}
 * webhooks): deliveries per second overall and in the middle 80 % (steady state).
 * Baseline, in the same run: as many POSTs of the same body to the same nginx by the same
 * HTTP client (Apache HttpClient 5) with as many in flight as the service allows
 * ({@code endpoints × per-endpoint concurrency}).</li>
 * <li>Latency at rate: events published at {@value #RATE} webhooks/s for
 * {@value #SECONDS} s; event → arrival p50/p95/p99 and the rate achieved.</li>
 * <li>Fairness: the same burst with one more endpoint (on the Java receiver) answering
 * 500 after a second.</li>
 * </ul>
 * Asserts only correctness: every webhook arrives at every endpoint with a valid
 * signature, twice (same {@code webhook-id}) only after an attempt that failed. Run with
 * {@code ./mvnw -B verify -Pbenchmark -pl notification-service -am
 * -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DeliveryThroughputBenchmarkTests}.
 */
@Tag("benchmark")
class DeliveryThroughputBenchmarkTests extends NotificationIntegrationTest {

	static final int ENDPOINTS = 20;

	static final int EVENTS = 1000;

	static final int PER_ENDPOINT = 4;

	static final int RATE = 1000;

	static final int SECONDS = 20;

	private static NginxReceiver nginx;

	@Autowired
	private MeterRegistry meters;

	/**
	 * The production poll intervals of the background work (the shared test set-up polls
	 * every 100–500 ms to keep the other tests short): what is measured is the delivery
	 * path, not the test set-up's pollers.
	 */
	@DynamicPropertySource
	static void productionPolling(DynamicPropertyRegistry registry) {
		registry.add("strata.notification.delivery.poll-interval", () -> "100ms");
		registry.add("strata.notification.recovery.poll-interval", () -> "500ms");
		registry.add("strata.notification.retention.interval", () -> "1h");
	}

	private final Map<String, String> secrets = new HashMap<>();

	@BeforeAll
	static void startNginx() {
		assumeThat(NginxReceiver.binary()).as("nginx (Debian package nginx-light or nginx) for the receiver")
			.isNotNull();
		nginx = NginxReceiver.start(RECEIVER_HOST);
	}

	@AfterAll
	static void stopNginx() {
		if (nginx != null) {
			nginx.close();
		}
	}

	@Test
	void deliveriesPerSecondToManyEndpointsAgainstDirectPosts() throws Exception {
		String tenant = newTenant();
		List<String> paths = endpoints(tenant, ENDPOINTS);
		warmUp(tenant, paths);
		int warm = warmUpBurst(tenant, paths);

		CpuMeter baselineCpu = CpuMeter.start(this.jdbc);
		double baseline = baseline(tenant, ENDPOINTS * EVENTS, ENDPOINTS * PER_ENDPOINT);
		Cpu clientCpu = baselineCpu.stop();

		System.out.println("burst: publishing " + EVENTS + " events");
		Instant start = Instant.now();
		double[] claims = claims();
		CpuMeter meter = CpuMeter.start(this.jdbc);
		publish(tenant, EVENTS, "bench", 0);
		awaitArrivals(paths, warm + EVENTS, Duration.ofMinutes(5));
		Cpu cpu = meter.stop();
		double[] claimed = claims();
		Result result = check(tenant, paths, warm + EVENTS, warm, start);

		System.out.printf("%nnotification-service delivery throughput (%d cores, %d endpoints x %d events = %d)%n",
				Runtime.getRuntime().availableProcessors(), ENDPOINTS, EVENTS, ENDPOINTS * EVENTS);
		System.out.printf("baseline  direct POSTs    : %8.1f req/s (%d in flight, nginx receiver)%n", baseline,
				ENDPOINTS * PER_ENDPOINT);
		System.out.printf("webhooks  event->delivery : %8.1f del/s (middle 80 %%: %.1f)  p50 %8.1f ms  p95 %8.1f ms%n",
				result.perSecond(), result.steadyPerSecond(), result.p50(), result.p95());
		System.out.printf("ratio (webhooks/baseline) : %.3f (middle 80 %%: %.3f)%n", result.perSecond() / baseline,
				result.steadyPerSecond() / baseline);
		printCpu(cpu, ENDPOINTS * EVENTS);
		System.out.printf("claims    %8.0f statements for %.0f deliveries (%.1f per claim)%n", claimed[0] - claims[0],
				claimed[1] - claims[1], (claimed[1] - claims[1]) / (claimed[0] - claims[0]));
		System.out.printf("baseline  cpu per request : jvm %.3f ms%n", (double) clientCpu.jvm() / (ENDPOINTS * EVENTS));
		System.out.println(breakdown(tenant, start));
	}

	@Test
	void latencyAtTheTargetRate() throws Exception {
		String tenant = newTenant();
		List<String> paths = endpoints(tenant, ENDPOINTS);
		warmUp(tenant, paths);

		int warm = warmUpBurst(tenant, paths);

		int events = RATE * SECONDS / ENDPOINTS;
		Instant start = Instant.now();
		CpuMeter meter = CpuMeter.start(this.jdbc);
		publish(tenant, events, "rate", (double) RATE / ENDPOINTS);
		awaitArrivals(paths, warm + events, Duration.ofMinutes(5));
		Cpu cpu = meter.stop();
		Result result = check(tenant, paths, warm + events, warm, start);

		System.out.printf("%nnotification-service latency at %d webhooks/s offered (%d cores, %d endpoints, %d s)%n",
				RATE, Runtime.getRuntime().availableProcessors(), ENDPOINTS, SECONDS);
		System.out.printf(
				"webhooks  event->delivery : %8.1f del/s  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms  max %8.1f ms%n",
				result.perSecond(), result.p50(), result.p95(), result.p99(), result.max());
		printCpu(cpu, ENDPOINTS * events);
		System.out.println(breakdown(tenant, start));
	}

	@Test
	void aFailingEndpointDoesNotDelayTheOthers() throws Exception {
		String tenant = newTenant();
		List<String> healthy = endpoints(tenant, ENDPOINTS - 1);
		String failing = newPath();
		registerOnReceiver(tenant, failing, List.of("resource.*"));
		warmUp(tenant, healthy);
		await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received(failing).size() == 1);
		// from now on the failing endpoint answers 500 after a second, every time
		receiver.reply(failing, (n) -> (n == 1) ? Reply.ok() : new Reply(500, Map.of(), "down", 1000));

		Instant start = Instant.now();
		publish(tenant, EVENTS, "fair", 0);
		awaitArrivals(healthy, EVENTS + 1, Duration.ofMinutes(5));
		Result result = check(tenant, healthy, EVENTS + 1, 1, start);

		System.out.printf(
				"%nnotification-service fairness (%d cores, %d healthy endpoints + 1 answering 500 after 1 s)%n",
				Runtime.getRuntime().availableProcessors(), healthy.size());
		System.out.printf("healthy   event->delivery : %8.1f del/s  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms%n",
				result.perSecond(), result.p50(), result.p95(), result.p99());
		System.out.printf("failing endpoint attempts : %d during the run%n", receiver.received(failing).size() - 1);
		System.out.println(breakdown(tenant, start));
	}

	private List<String> endpoints(String tenant, int count) {
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String path = newPath();
			this.secrets.put(path, register(tenant, nginx.url(path), List.of("resource.*")).get("secret").asString());
			paths.add(path);
		}
		return paths;
	}

	private void warmUp(String tenant, List<String> paths) {
		publish(tenant, 1, "warm-up", 0);
		awaitArrivals(paths, 1, Duration.ofSeconds(60));
	}

	/**
	 * A first, smaller burst, so that what follows is measured with the code compiled
	 * (whichever test runs first in the JVM); the messages per endpoint so far.
	 */
	private int warmUpBurst(String tenant, List<String> paths) {
		publish(tenant, EVENTS / 4, "warm-up-burst", 0);
		awaitArrivals(paths, 1 + EVENTS / 4, Duration.ofMinutes(5));
		return 1 + EVENTS / 4;
	}

	/** Publishes {@code count} events, all at once ({@code perSecond} 0) or paced. */
	private void publish(String tenant, int count, String prefix, double perSecond) {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < count; i++) {
			if (perSecond > 0) {
				long due = started + (long) (i * 1e9 / perSecond);
				long wait = due - System.nanoTime();
				if (wait > 0) {
					try {
						TimeUnit.NANOSECONDS.sleep(wait);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new IllegalStateException(ex);
					}
				}
			}
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

	private static void awaitArrivals(List<String> paths, int each, Duration atMost) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> paths.stream().allMatch((path) -> nginx.distinct(path) >= each));
	}

	/** Claim statements run and deliveries claimed so far. */
	private double[] claims() {
		return new double[] { this.meters.counter("strata.work.claims", "queue", "webhook-deliveries").count(),
				this.meters.counter("strata.work.claimed", "queue", "webhook-deliveries").count() };
	}

	private static void printCpu(Cpu cpu, int deliveries) {
		System.out.printf(
				"webhooks  cpu per delivery: jvm %.3f ms + postgres %.3f ms (backends of the test database)%n",
				(double) cpu.jvm() / deliveries, (double) cpu.database() / deliveries);
	}

	/**
	 * Checks what arrived once every endpoint has every message: each signature verifies
	 * against the stored body with the endpoint's secret and the logged length is the
	 * body's; a message may arrive twice with the same {@code webhook-id} only after an
	 * attempt the sender recorded as failed (no answer within the timeout), and the first
	 * arrival of each counts; the first {@code warmUp} are not measured.
	 */
	private Result check(String tenant, List<String> paths, int each, int warmUp, Instant start) {
		Map<String, Stored> messages = new HashMap<>();
		this.jdbc.query("SELECT id, body, occurred_at FROM webhook_message WHERE tenant_id = ?", (rs) -> {
			messages.put(rs.getString("id"),
					new Stored(rs.getString("body"), rs.getTimestamp("occurred_at").toInstant()));
		}, tenant);
		int duplicates = 0;
		List<Long> latencies = new ArrayList<>();
		List<Instant> arrivals = new ArrayList<>();
		for (String path : paths) {
			List<Arrival> received = nginx.received(path);
			List<Arrival> first = distinct(received);
			assertThat(first).hasSize(each);
			for (Arrival arrival : received) {
				Stored message = messages.get(arrival.webhookId());
				assertThat(message).as("a message with the webhook-id %s", arrival.webhookId()).isNotNull();
				assertThat(arrival.contentLength()).isEqualTo(message.body().getBytes(StandardCharsets.UTF_8).length);
				assertThat(WebhookVerifier.verify(List.of(this.secrets.get(path)), arrival.webhookId(),
						arrival.timestamp(), message.body(), arrival.signature()))
					.as("signature of %s at %s", arrival.webhookId(), path)
					.isTrue();
			}
			duplicates += received.size() - first.size();
			// the warm-up messages arrived first
			for (Arrival arrival : first.subList(warmUp, each)) {
				Stored message = messages.get(arrival.webhookId());
				latencies.add(Duration.between(message.occurredAt(), arrival.at()).toNanos() / 1000);
				arrivals.add(arrival.at());
			}
		}
		Integer failed = this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_attempt WHERE tenant_id = ? AND NOT succeeded", Integer.class, tenant);
		System.out.printf("duplicates: %d (same webhook-id, after %d failed attempts)%n", duplicates, failed);
		assertThat(duplicates).isLessThanOrEqualTo(failed);
		Collections.sort(latencies);
		Collections.sort(arrivals);
		double seconds = Duration.between(start, arrivals.getLast()).toNanos() / 1e9;
		int from = arrivals.size() / 10;
		int to = arrivals.size() * 9 / 10;
		double steady = (to - from) / (Duration.between(arrivals.get(from), arrivals.get(to)).toNanos() / 1e9);
		return new Result(arrivals.size() / seconds, steady, p(latencies, 50), p(latencies, 95), p(latencies, 99),
				latencies.getLast() / 1000.0);
	}

	private static List<Arrival> distinct(List<Arrival> received) {
		Map<String, Arrival> first = new LinkedHashMap<>();
		received.forEach((one) -> first.putIfAbsent(one.webhookId(), one));
		return new ArrayList<>(first.values());
	}

	/**
	 * Where the time goes, from the rows: event → message recorded (the Kafka consumer's
	 * fan-out) and message recorded → delivery recorded (queue, send and outcome), of the
	 * events published since {@code start} (not the warm-up).
	 */
	private String breakdown(String tenant, Instant start) {
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
						WHERE d.tenant_id = ? AND d.status = 'delivered' AND m.occurred_at >= ?""",
				String.class, tenant, Timestamp.from(start));
	}

	/**
	 * POSTs per second of the same body to the same nginx with the same client and as
	 * many in flight as the service allows.
	 */
	private double baseline(String tenant, int requests, int concurrency) throws Exception {
		String body = this.jdbc.queryForObject("SELECT body FROM webhook_message WHERE tenant_id = ? LIMIT 1",
				String.class, tenant);
		String url = nginx.url(newPath());
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
						HttpPost post = new HttpPost(url);
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

	record Stored(String body, Instant occurredAt) {
	}

	record Result(double perSecond, double steadyPerSecond, double p50, double p95, double p99, double max) {
	}

}
