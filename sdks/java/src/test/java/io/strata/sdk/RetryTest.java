package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.sdk.FakeServer.Reply;
import io.strata.sdk.model.Resource;

class RetryTest {

	private static final String RESOURCE = "{\"id\":\"r1\",\"type\":\"ticket\",\"state\":\"open\",\"version\":1,"
			+ "\"attributes\":{\"title\":\"t\"},\"created_at\":\"2026-12-06T11:15:18.473275Z\"}";

	private FakeServer server;

	private final List<Duration> sleeps = new ArrayList<>();

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	private Strata.Builder client(String url) {
		return Strata.builder()
			.baseUrl(url)
			.apiKey("sk_test")
			.sleeper((duration) -> this.sleeps.add(duration))
			.jitter(() -> 0.5);
	}

	@Test
	void retryAfterIsHonouredOn429() {
		this.server.then(Reply.problem(429, "{\"title\":\"Too many requests\",\"status\":429}").header("Retry-After", "2"))
			.then(Reply.json(200, RESOURCE).header("ETag", "\"1\""));
		Resource resource = client(this.server.url()).build().resources().get("r1");
		assertEquals("r1", resource.getId());
		assertEquals(List.of(Duration.ofSeconds(2)), this.sleeps);
		assertEquals(2, this.server.requests.size());
	}

	@Test
	void retryAfterIsReallyWaitedForWithTheDefaultSleeper() {
		this.server.then(Reply.problem(503, "{\"status\":503}").header("Retry-After", "1"))
			.then(Reply.json(200, RESOURCE));
		long start = System.nanoTime();
		Strata.builder().baseUrl(this.server.url()).apiKey("sk_test").build().resources().get("r1");
		assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 950, "waited for Retry-After");
	}

	@Test
	void postKeepsOneIdempotencyKeyAcrossItsRetries() {
		this.server.then(Reply.problem(503, "{\"status\":503}"))
			.then(Reply.problem(429, "{\"status\":429}"))
			.then(Reply.json(201, RESOURCE).header("ETag", "\"1\""));
		Strata strata = client(this.server.url()).build();
		strata.resources().create("ticket", Map.of("title", "t"));
		List<String> keys = this.server.requests.stream().map((r) -> r.header("Idempotency-Key")).toList();
		assertEquals(3, keys.size());
		assertNotNull(keys.get(0));
		assertEquals(1, keys.stream().distinct().count(), "same key on every retry: " + keys);

		this.server.then(Reply.json(201, RESOURCE));
		strata.resources().create("ticket", Map.of("title", "t"));
		assertNotEquals(keys.get(0), this.server.requests.get(3).header("Idempotency-Key"), "a new key per call");
	}

	@Test
	void patchGetsAnIdempotencyKeyAndGetDoesNot() {
		this.server.then(Reply.json(200, RESOURCE)).then(Reply.json(200, RESOURCE));
		Strata strata = client(this.server.url()).build();
		strata.resources().get("r1");
		strata.resources().update("r1", Map.of("title", "u"), "\"1\"");
		assertNull(this.server.requests.get(0).header("Idempotency-Key"));
		assertNotNull(this.server.requests.get(1).header("Idempotency-Key"));
		assertEquals("\"1\"", this.server.requests.get(1).header("If-Match"));
		assertEquals("application/merge-patch+json", this.server.requests.get(1).header("Content-Type"));
		assertEquals("{\"attributes\":{\"title\":\"u\"}}", this.server.requests.get(1).body());
	}

	@Test
	void unsetFieldsAreLeftOutButAMergePatchKeepsItsNulls() {
		this.server.then(Reply.json(201, "{\"id\":\"w1\"}")).then(Reply.json(200, RESOURCE));
		Strata strata = client(this.server.url()).build();
		strata.webhooks().create("http://127.0.0.1:9/hook", List.of("resource.*"));
		String register = this.server.requests.get(0).body();
		assertTrue(register.startsWith("{\"url\":\"http://127.0.0.1:9/hook\",\"event_types\":[\"resource.*\"]"),
				register);
		assertFalse(register.contains("null"), "no null fields: " + register);
		Map<String, Object> patch = new java.util.LinkedHashMap<>();
		patch.put("priority", null);
		strata.resources().update("r1", patch, null);
		assertEquals("{\"attributes\":{\"priority\":null}}", this.server.requests.get(1).body());
		assertNull(this.server.requests.get(1).header("If-Match"));
	}

	@Test
	void backoffIsExponentialWithFullJitter() {
		this.server.then(Reply.problem(503, "{}")).then(Reply.problem(503, "{}")).then(Reply.problem(503, "{}"))
			.then(Reply.json(200, RESOURCE));
		client(this.server.url()).backoff(Duration.ofMillis(100), Duration.ofMillis(300)).build().resources().get("r1");
		// jitter 0.5 of min(300, 100 × 2^attempt): 50, 100, 150
		assertEquals(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(150)), this.sleeps);
	}

	@Test
	void jitterSpreadsTheWaitsOverTheWholeWindow() {
		Transport transport = new Transport(java.net.URI.create(this.server.url()),
				java.net.http.HttpClient.newHttpClient(), Transport.Auth.none(), 3, Duration.ofSeconds(1),
				Duration.ofMillis(1000), Duration.ofMillis(8000), (d) -> {
				}, () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
		long min = Long.MAX_VALUE;
		long max = 0;
		for (int i = 0; i < 2000; i++) {
			long wait = transport.backoff(2).toMillis();
			assertTrue(wait >= 0 && wait < 4000, "within [0, 4000): " + wait);
			min = Math.min(min, wait);
			max = Math.max(max, wait);
		}
		assertTrue(min < 400 && max > 3600, "full jitter covers the window: " + min + ".." + max);
	}

	@Test
	void connectionErrorsAreRetriedThenThrown() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Strata strata = client("http://127.0.0.1:" + port).maxRetries(2).build();
		StrataException error = assertThrows(StrataException.class, () -> strata.resources().get("r1"));
		assertInstanceOf(StrataConnectionException.class, error);
		assertEquals(0, error.status());
		assertEquals(2, this.sleeps.size());
	}

	@Test
	void connectionErrorThenSuccess() {
		this.server.then((request) -> {
			throw new IllegalStateException("drop the connection");
		}).then(Reply.json(201, RESOURCE));
		// a POST (the JDK client itself silently repeats a GET once on a dropped connection)
		assertEquals("r1", client(this.server.url()).build().resources().create("ticket", Map.of()).getId());
		assertEquals(1, this.sleeps.size());
		assertEquals(this.server.requests.get(0).header("Idempotency-Key"),
				this.server.requests.get(1).header("Idempotency-Key"));
	}

	@Test
	void aBadRequestIsNotRetried() {
		this.server.then(Reply.problem(400, "{\"title\":\"Bad request\",\"status\":400}"))
			.then(Reply.json(201, RESOURCE));
		StrataException error = assertThrows(StrataException.class,
				() -> client(this.server.url()).build().resources().create("ticket", Map.of()));
		assertEquals(400, error.status());
		assertEquals(1, this.server.requests.size());
		assertTrue(this.sleeps.isEmpty());
	}

	@Test
	void givesUpAfterMaxRetriesWithATypedRateLimitError() {
		this.server.otherwise((request) -> Reply.problem(429, "{\"title\":\"Too many requests\",\"status\":429}")
			.header("Retry-After", "1"));
		RateLimitException error = assertThrows(RateLimitException.class,
				() -> client(this.server.url()).maxRetries(2).build().resources().get("r1"));
		assertEquals(Duration.ofSeconds(1), error.retryAfter());
		assertEquals(3, this.server.requests.size());
	}

	@Test
	void aRequestThatTakesTooLongTimesOut() {
		this.server.then(Reply.json(200, RESOURCE).delayed(Duration.ofSeconds(3)));
		long start = System.nanoTime();
		StrataException error = assertThrows(StrataConnectionException.class, () -> client(this.server.url())
			.maxRetries(0)
			.timeout(Duration.ofMillis(300))
			.build()
			.resources()
			.get("r1"));
		assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500, error.getMessage());
		assertTrue(error.getMessage().contains("Timeout"), error.getMessage());
	}

	@Test
	void sendsTheVersionedUserAgent() {
		this.server.then(Reply.json(200, RESOURCE));
		client(this.server.url()).build().resources().get("r1");
		assertEquals("strata-java/2.0.0", this.server.requests.get(0).header("User-Agent"));
	}

	@Test
	void retryAfterAsAnHttpDate() {
		String inTwoSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
			.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3));
		long millis = Transport.retryAfterMillis(inTwoSeconds);
		assertTrue(millis > 1000 && millis <= 3000, Long.toString(millis));
		assertEquals(-1, Transport.retryAfterMillis("soon"));
		assertEquals(1500, Transport.retryAfterMillis("1.5"));
	}

}
