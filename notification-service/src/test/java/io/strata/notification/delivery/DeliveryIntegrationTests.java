package io.strata.notification.delivery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.strata.notification.NotificationIntegrationTest;
import io.strata.notification.support.TestHostsResolverProvider;
import io.strata.notification.support.TestReceiver.Received;
import io.strata.notification.support.TestReceiver.Reply;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.notification.v1.MessageAttemptExhausted;
import io.strata.proto.resource.v1.ResourceCreated;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events from Kafka to a real receiver that verifies every Standard Webhooks signature
 * independently: fan-out by event type, effectively-once recording, the compressed retry
 * schedule, dead letters with resend and recovery, 410, Retry-After, redirects, secret
 * rotation, SSRF at connection time, and fairness between a slow and a fast endpoint.
 */
class DeliveryIntegrationTests extends NotificationIntegrationTest {

	@Test
	void deliversASignedWebhookWithTheResourceAsDataToSubscribedEndpointsOnly() {
		String tenant = newTenant();
		String subscribed = newPath();
		String exact = newPath();
		String other = newPath();
		registerOnReceiver(tenant, subscribed, List.of("resource.*"));
		registerOnReceiver(tenant, exact, List.of("resource.created"));
		registerOnReceiver(tenant, other, List.of("identity.*"));
		String otherTenantPath = newPath();
		registerOnReceiver(newTenant(), otherTenantPath, List.of("*"));

		publishResourceCreated(tenant, "res-1");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> receiver.received(subscribed).size() == 1 && receiver.received(exact).size() == 1);
		Received delivery = receiver.received(subscribed).get(0);
		assertThat(delivery.signatureValid()).isTrue();
		assertThat(delivery.webhookId()).startsWith("msg_");
		JsonNode body = this.json.readTree(delivery.body());
		assertThat(body.get("type").asString()).isEqualTo("resource.created");
		assertThat(Instant.parse(body.get("timestamp").asString())).isBefore(Instant.now());
		JsonNode data = body.get("data");
		assertThat(data.get("id").asString()).isEqualTo("res-1");
		assertThat(data.get("type").asString()).isEqualTo("ticket");
		assertThat(data.get("type_version").asInt()).isEqualTo(1);
		assertThat(data.get("state").asString()).isEqualTo("open");
		assertThat(data.get("attributes").get("title").asString()).isEqualTo("Printer");
		assertThat(data.get("version").asString()).isEqualTo("1");
		assertThat(Instant.parse(data.get("created_at").asString())).isNotNull();
		assertThat(receiver.received(exact).get(0).signatureValid()).isTrue();
		assertThat(receiver.received(other)).isEmpty();
		assertThat(receiver.received(otherTenantPath)).isEmpty();
	}

	@Test
	void aRedeliveredEventCreatesNothingNew() {
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.created"));
		UUID eventId = UUID.randomUUID();
		ResourceCreated payload = ResourceCreated.newBuilder().setResource(resource(tenant, "res-dup")).build();

		publish(EventTopics.RESOURCE, eventId, "io.strata.resource.created.v1", tenant, "res-dup", payload);
		publish(EventTopics.RESOURCE, eventId, "io.strata.resource.created.v1", tenant, "res-dup", payload);
		publishResourceCreated(tenant, "res-after");

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() >= 2);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> receiver.received(path).size() == 2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM webhook_message WHERE event_id = ?", Integer.class,
				eventId.toString()))
			.isEqualTo(1);
		assertThat(receiver.received(path)).extracting(Received::webhookId).doesNotHaveDuplicates();
	}

	@Test
	void attemptsAreCountedByOutcomeAndDeliveriesTimedFromTheEventsCommit(@Autowired MeterRegistry meters) {
		double failedBefore = meters.get("strata.webhook.attempts").tag("outcome", "failed").counter().count();
		double deliveredBefore = meters.get("strata.webhook.attempts").tag("outcome", "delivered").counter().count();
		long timedBefore = meters.get("strata.webhook.delivered.latency").timer().count();
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.*"));
		receiver.reply(path, (n) -> (n == 1) ? new Reply(500, Map.of(), "once", 0) : Reply.ok());

		publishResourceCreated(tenant, "res-counted");

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					meters.get("strata.webhook.attempts").tag("outcome", "delivered").counter().count())
				.isGreaterThan(deliveredBefore));
		assertThat(meters.get("strata.webhook.attempts").tag("outcome", "failed").counter().count())
			.isGreaterThan(failedBefore);
		assertThat(meters.get("strata.webhook.delivered.latency").timer().count()).isGreaterThan(timedBefore);
	}

	@Test
	void retriesOnTheScheduleWithTheSameWebhookIdAndLogsEveryAttempt() {
		String tenant = newTenant();
		String path = newPath();
		String id = registerOnReceiver(tenant, path, List.of("resource.*")).get("id").asString();
		receiver.reply(path, (n) -> (n <= 2) ? new Reply(500, Map.of(), "boom " + n, 0) : Reply.ok());

		publishResourceCreated(tenant, "res-retry");

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() == 3);
		List<Received> got = receiver.received(path);
		assertThat(got).extracting(Received::webhookId).containsOnly(got.get(0).webhookId());
		assertThat(got).allMatch(Received::signatureValid);
		// schedule 0s, 300ms, 600ms: the retries keep their delays
		assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		assertThat(Duration.between(got.get(1).at(), got.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(550));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> get(tenant, "/v2/webhooks/" + id + "/attempts").get("items").size() == 3);
		JsonNode attempts = get(tenant, "/v2/webhooks/" + id + "/attempts").get("items");
		assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(200);
		assertThat(attempts.get(0).get("succeeded").asBoolean()).isTrue();
		assertThat(attempts.get(2).get("status_code").asInt()).isEqualTo(500);
		assertThat(attempts.get(2).get("response_excerpt").asString()).isEqualTo("boom 1");
		assertThat(attempts.get(2).get("latency_ms").asLong()).isGreaterThanOrEqualTo(0);
		JsonNode perMessage = get(tenant, "/v2/webhooks/" + id + "/attempts?message_id=" + got.get(0).webhookId());
		assertThat(perMessage.get("items")).hasSize(3);
	}

	@Test
	void exhaustedDeliveriesBecomeDeadLettersWithAnEventAndCanBeResentAndRecovered() throws Exception {
		String tenant = newTenant();
		String path = newPath();
		String id = registerOnReceiver(tenant, path, List.of("resource.*")).get("id").asString();
		AtomicInteger healthyAfter = new AtomicInteger(Integer.MAX_VALUE);
		receiver.reply(path, (n) -> (n > healthyAfter.get()) ? Reply.ok() : Reply.status(500));
		Instant start = Instant.now().minusSeconds(1);

		publishResourceCreated(tenant, "res-dead-1");
		publishResourceCreated(tenant, "res-dead-2");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> get(tenant, "/v2/webhooks/" + id + "/dead-letters").get("items").size() == 2);
		assertThat(receiver.received(path)).hasSize(6);
		JsonNode dead = get(tenant, "/v2/webhooks/" + id + "/dead-letters").get("items");
		assertThat(dead.get(0).get("attempts").asInt()).isEqualTo(3);
		assertThat(dead.get(0).get("last_error").asString()).isEqualTo("HTTP 500");
		List<ConsumerRecord<String, byte[]>> events = read(this.topics.name(EventTopics.NOTIFICATION), id, 2);
		assertThat(events).hasSize(2);
		assertThat(CloudEventRecords.fromRecord(events.get(0)).getType())
			.isEqualTo("io.strata.notification.message.attempt.exhausted.v1");
		assertThat(CloudEventRecords.tenant(CloudEventRecords.fromRecord(events.get(0)))).isEqualTo(tenant);
		MessageAttemptExhausted exhausted = MessageAttemptExhausted
			.parseFrom(CloudEventRecords.fromRecord(events.get(0)).getData().toBytes());
		assertThat(exhausted.getAttempts()).isEqualTo(3);
		assertThat(exhausted.getEventType()).isEqualTo("resource.created");

		healthyAfter.set(6);
		String first = dead.get(0).get("message_id").asString();
		this.client.post()
			.uri("/v2/webhooks/" + id + "/dead-letters/" + first + "/resend")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isAccepted();
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 7);
		assertThat(receiver.received(path).get(6).webhookId()).isEqualTo(first);

		String location = this.client.post()
			.uri("/v2/webhooks/" + id + "/recover")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("since", start.toString()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "completed".equals(get(tenant, location).get("status").asString()));
		assertThat(get(tenant, location).get("recovered").asInt()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 8);
		assertThat(get(tenant, "/v2/webhooks/" + id + "/dead-letters").get("items")).isEmpty();
		assertThat(receiver.received(path)).allMatch(Received::signatureValid);
	}

	@Test
	void gone410DisablesTheEndpoint() {
		String tenant = newTenant();
		String path = newPath();
		String id = registerOnReceiver(tenant, path, List.of("resource.*")).get("id").asString();
		receiver.reply(path, (n) -> Reply.status(410));

		publishResourceCreated(tenant, "res-gone");

		await().atMost(Duration.ofSeconds(30))
			.until(() -> "disabled".equals(get(tenant, "/v2/webhooks/" + id).get("status").asString()));
		publishResourceCreated(tenant, "res-gone-2");
		assertThat(read(this.topics.name(EventTopics.NOTIFICATION), id, 1))
			.extracting((record) -> CloudEventRecords.fromRecord(record).getType())
			.containsExactly("io.strata.notification.endpoint.disabled.v1");
		assertThat(receiver.received(path)).hasSize(1);
	}

	@Test
	void honoursRetryAfterAndDoesNotFollowRedirects() {
		String tenant = newTenant();
		String limited = newPath();
		String redirected = newPath();
		String target = newPath();
		registerOnReceiver(tenant, limited, List.of("resource.*"));
		registerOnReceiver(tenant, redirected, List.of("resource.*"));
		receiver.reply(limited, (n) -> (n == 1) ? new Reply(429, Map.of("Retry-After", "2"), "", 0) : Reply.ok());
		receiver.reply(redirected,
				(n) -> (n == 1) ? new Reply(307, Map.of("Location", receiver.url(target)), "", 0) : Reply.ok());

		publishResourceCreated(tenant, "res-limits");

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(limited).size() == 2);
		List<Received> got = receiver.received(limited);
		assertThat(Duration.between(got.get(0).at(), got.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(redirected).size() == 2);
		assertThat(receiver.received(target)).isEmpty();
	}

	@Test
	void duringARotationEveryDeliveryVerifiesWithTheOldAndTheNewSecret() {
		String tenant = newTenant();
		String path = newPath();
		JsonNode endpoint = registerOnReceiver(tenant, path, List.of("resource.*"));
		String oldSecret = endpoint.get("secret").asString();
		String newSecret = this.json
			.readTree(this.client.post()
				.uri("/v2/webhooks/" + endpoint.get("id").asString() + "/rotate-secret")
				.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.returnResult()
				.getResponseBody())
			.get("secret")
			.asString();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

		receiver.secrets(path, newSecret);
		publishResourceCreated(tenant, "res-rotate");
		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() == 1);
		Received delivery = receiver.received(path).get(0);
		assertThat(delivery.signature().split(" ")).hasSize(2);
		assertThat(delivery.signatureValid()).isTrue();
		assertThat(io.strata.notification.support.WebhookVerifier.verify(List.of(oldSecret), delivery.webhookId(),
				delivery.timestamp(), delivery.body(), delivery.signature()))
			.isTrue();
		assertThat(io.strata.notification.support.WebhookVerifier.verify(
				List.of("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])), delivery.webhookId(),
				delivery.timestamp(), delivery.body(), delivery.signature()))
			.isFalse();
	}

	@Test
	void theTestEndpointSendsASignedTestEvent() {
		String tenant = newTenant();
		String path = newPath();
		String id = registerOnReceiver(tenant, path, List.of("resource.created")).get("id").asString();

		this.client.post()
			.uri("/v2/webhooks/" + id + "/test")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isAccepted();

		await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received(path).size() == 1);
		Received delivery = receiver.received(path).get(0);
		assertThat(delivery.signatureValid()).isTrue();
		assertThat(this.json.readTree(delivery.body()).get("type").asString()).isEqualTo("webhook.test");
	}

	@Test
	void refusesLoopbackMetadataAndPrivateAddressesAtConnectionTime() throws IOException {
		// a listener on 127.0.0.1, which is not allow-listed: it must never be contacted
		AtomicInteger contacted = new AtomicInteger();
		HttpServer loopback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		loopback.createContext("/", (exchange) -> {
			contacted.incrementAndGet();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		loopback.start();
		try {
			String tenant = newTenant();
			String safe = newPath();
			String id = registerOnReceiver(tenant, safe, List.of("resource.*")).get("id").asString();
			// as if the URL had passed registration and DNS changed afterwards
			// (rebinding):
			// the endpoint row is pointed at internal targets behind the API's back
			List<String> targets = List.of("http://127.0.0.1:" + loopback.getAddress().getPort() + "/hook",
					"http://169.254.169.254/latest/meta-data",
					"http://" + TestHostsResolverProvider.PRIVATE_HOST + "/hook");
			List<String> ids = new ArrayList<>();
			for (String target : targets) {
				String copy = register(tenant, receiver.url(newPath()), List.of("resource.*")).get("id").asString();
				this.jdbc.update("UPDATE webhook_endpoint SET url = ? WHERE id = ?", target, copy);
				ids.add(copy);
			}

			publishResourceCreated(tenant, "res-ssrf");

			await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(safe).size() == 1);
			for (String endpoint : ids) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !get(tenant, "/v2/webhooks/" + endpoint + "/attempts").get("items").isEmpty());
				JsonNode attempt = get(tenant, "/v2/webhooks/" + endpoint + "/attempts").get("items").get(0);
				assertThat(attempt.get("succeeded").asBoolean()).isFalse();
				assertThat(attempt.get("error").asString()).contains("refused");
			}
			assertThat(contacted.get()).isZero();
			assertThat(id).isNotBlank();
		}
		finally {
			loopback.stop(0);
		}
	}

	@Test
	void aSlowEndpointDoesNotHoldUpAFastOne() {
		String tenant = newTenant();
		String slow = newPath();
		String fast = newPath();
		registerOnReceiver(tenant, slow, List.of("resource.*"));
		registerOnReceiver(tenant, fast, List.of("resource.*"));
		receiver.reply(slow, (n) -> new Reply(200, Map.of(), "slow", 1500));
		int events = 30;

		Instant start = Instant.now();
		for (int i = 0; i < events; i++) {
			publishResourceCreated(tenant, "res-fair-" + i);
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(fast).size() == events);
		Duration fastDone = Duration.between(start, Instant.now());
		int slowDone = receiver.received(slow).size();
		// the slow endpoint gets 4 at a time, 1.5 s each: 30 take over 10 s
		assertThat(slowDone).isLessThan(events);
		assertThat(fastDone).isLessThan(Duration.ofSeconds(8));
		assertThat(receiver.received(fast)).allMatch(Received::signatureValid);
	}

	@Test
	void aFailingEndpointIsPausedWithoutCallsWhileAHealthyOneGetsEverything() {
		String tenant = newTenant();
		String failing = newPath();
		String healthy = newPath();
		String failingId = registerOnReceiver(tenant, failing, List.of("resource.*")).get("id").asString();
		registerOnReceiver(tenant, healthy, List.of("resource.*"));
		receiver.reply(failing, (n) -> Reply.status(500));
		int events = 30;

		for (int i = 0; i < events; i++) {
			publishResourceCreated(tenant, "res-circuit-" + i);
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(healthy).size() == events);
		// 5 failures in a row (and at most 3 more already in flight) pause the endpoint
		// for
		// the cool-down (2 s here): without circuit breaking, its 30 deliveries would be
		// attempted back to back on the 0s/300ms/600ms schedule, without such a gap
		List<Instant> attempts = await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc
				.queryForList("SELECT attempted_at FROM webhook_attempt WHERE endpoint_id = ? ORDER BY attempted_at",
						Timestamp.class, failingId)
				.stream()
				.map(Timestamp::toInstant)
				.toList(), (times) -> pauseAfter(times) > 0);
		assertThat(pauseAfter(attempts)).isBetween(5, 8);
		// the paused deliveries were not spent: they wait, pending, for the endpoint.
		// Each
		// delivery tried (before the pause, or as a trial after a cool-down) has an
		// attempt
		// row; read the pending ones first, attempts only grow
		int untouched = this.jdbc.queryForObject(
				"SELECT count(*) FROM webhook_delivery WHERE endpoint_id = ? AND status = 'pending' AND attempts = 0",
				Integer.class, failingId);
		int attempted = this.jdbc.queryForObject("SELECT count(*) FROM webhook_attempt WHERE endpoint_id = ?",
				Integer.class, failingId);
		assertThat(untouched).isGreaterThanOrEqualTo(events - attempted).isGreaterThan(events / 2);
		assertThat(receiver.received(healthy)).allMatch(Received::signatureValid);
	}

	/**
	 * How many attempts came before the first gap of over 1.5 s after the fifth attempt
	 * (a stall of a loaded machine may make one earlier); 0 if none.
	 */
	private static int pauseAfter(List<Instant> attempts) {
		for (int i = 5; i < attempts.size(); i++) {
			if (Duration.between(attempts.get(i - 1), attempts.get(i)).compareTo(Duration.ofMillis(1500)) > 0) {
				return i;
			}
		}
		return 0;
	}

	@Test
	void aReceiverDownForAWhileGetsEverythingAfterwards() {
		String tenant = newTenant();
		String path = newPath();
		registerOnReceiver(tenant, path, List.of("resource.*"));
		AtomicInteger up = new AtomicInteger(0);
		receiver.reply(path, (n) -> (up.get() == 1) ? Reply.ok() : Reply.status(503));
		for (int i = 0; i < 5; i++) {
			publishResourceCreated(tenant, "res-down-" + i);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received(path).size() >= 5);
		up.set(1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> receiver.received(path)
				.stream()
				.filter(Received::signatureValid)
				.map(Received::webhookId)
				.distinct()
				.count() == 5
					&& this.jdbc.queryForObject(
							"SELECT count(*) FROM webhook_delivery WHERE tenant_id = ? AND status = 'delivered'",
							Integer.class, tenant) == 5);
	}

}
