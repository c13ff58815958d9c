package io.strata.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a fault drill does to the platform and asks of it: the parts are stopped and
 * started with {@code ./strata stop} and {@code ./strata up} (what a crash and an
 * orchestrator do), writes and reads go through the gateway as an app's would, without
 * the contract checks of the other end-to-end tests (an outage answers what it must, and
 * the drill counts it).
 */
final class Drill {

	/**
	 * {@code quick} (the test command's) or {@code full} ({@code ./strata drill full}).
	 */
	static final boolean FULL = "full".equals(System.getProperty("strata.drill.mode", "quick"));

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private Drill() {
	}

	static int size(int quick, int full) {
		return FULL ? full : quick;
	}

	/** Whether {@code -Dstrata.drill.scenarios} (comma list; empty: all) selects it. */
	static boolean selected(String scenario) {
		String wanted = System.getProperty("strata.drill.scenarios", "").trim();
		return wanted.isEmpty() || List.of(wanted.split("\\s*,\\s*")).contains(scenario);
	}

	static void stop(String part, boolean kill) throws Exception {
		int exit = kill ? PlatformHealthEndToEndTests.strata("stop", part, "--kill")
				: PlatformHealthEndToEndTests.strata("stop", part);
		assertThat(exit).as("./strata stop %s", part).isZero();
	}

	/** Starts what is not running; the time it took, in milliseconds. */
	static long up() throws Exception {
		long started = System.nanoTime();
		assertThat(PlatformHealthEndToEndTests.strata("up")).as("./strata up").isZero();
		return (System.nanoTime() - started) / 1_000_000;
	}

	/** An answer, or status -1 when none came (refused, reset, timed out). */
	record Answer(int status, String body) {

		JsonNode json() {
			return AppJourneyEndToEndTests.json.readTree(this.body);
		}

	}

	static Answer call(String method, String path, String body, String token) {
		return call(method, path, body, token, Duration.ofSeconds(10));
	}

	static Answer call(String method, String path, String body, String token, Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(AppJourneyEndToEndTests.GATEWAY + path))
			.timeout(timeout)
			.header("Authorization", "Bearer " + token)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Answer(-1, String.valueOf(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(-1, "interrupted");
		}
	}

	/**
	 * A tenant of the drill's own, with a resource type whose items carry a marker. Its
	 * admin signs in again before the access token (5 minutes) runs out, as an app does.
	 */
	static final class Tenant {

		private static final String PLAIN_LIFECYCLE = """
				{"initial": "open", "states": ["open", "closed"],
				 "actions": {"close": {"from": ["open"], "to": "closed"}}}""";

		private static final Duration TOKEN_REUSE = Duration.ofMinutes(3);

		private final NewTenant.Admin admin;

		private final String type;

		private final String tag;

		private volatile String token;

		private volatile long signedInAt = System.nanoTime();

		private Tenant(NewTenant.Admin admin, String type, String tag) {
			this.admin = admin;
			this.token = admin.token();
			this.type = type;
			this.tag = tag;
		}

		static Tenant create(String scenario, String lifecycle) throws Exception {
			// the platform admin's token may have expired during an earlier drill
			AppJourneyEndToEndTests.signIn();
			NewTenant.Admin admin = NewTenant.create(AppJourneyEndToEndTests.token);
			String tag = UUID.randomUUID().toString().substring(0, 8);
			String type = "drill_" + scenario + "_" + tag;
			Answer defined = call("POST", "/v2/resource-types", """
					{"name": "%s",
					 "schema": {"type": "object", "required": ["title"],
					            "properties": {"title": {"type": "string", "maxLength": 200}}},
					 "lifecycle": %s}""".formatted(type, (lifecycle != null) ? lifecycle : PLAIN_LIFECYCLE),
					admin.token());
			assertThat(defined.status()).as(defined.body()).isEqualTo(201);
			return new Tenant(admin, type, scenario + "-" + tag);
		}

		String type() {
			return this.type;
		}

		/** The admin's access token, signed in again when it is getting old. */
		synchronized String token() {
			if (System.nanoTime() - this.signedInAt > TOKEN_REUSE.toNanos()) {
				try {
					this.token = this.admin.signInAgain();
					this.signedInAt = System.nanoTime();
				}
				catch (Exception ex) {
					// identity is down for a moment: keep the old token until it expires
				}
			}
			return this.token;
		}

		String item(int n) {
			return "drill-" + this.tag + "-" + n;
		}

		/** A receiver of this tenant's resource.created webhooks. */
		DrillReceiver subscribe() {
			DrillReceiver receiver = DrillReceiver.start();
			Answer registered = call("POST", "/v2/webhooks/register", """
					{"url": "%s", "event_types": ["resource.created"], "description": "fault drill"}"""
				.formatted(receiver.url("/hook")), token(), Duration.ofSeconds(60));
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			return receiver;
		}

		/** Creates item n; its status (429 is waited out, as an app's client does). */
		int create(int n) throws InterruptedException {
			for (int attempt = 0;; attempt++) {
				Answer created = call("POST", "/v2/resources",
						"{\"type\": \"%s\", \"attributes\": {\"title\": \"%s\"}}".formatted(this.type, item(n)),
						token());
				if (created.status() != 429 || attempt == 50) {
					return created.status();
				}
				Thread.sleep(200);
			}
		}

		/** One more write (not an item), to see whether writes succeed again. */
		int createProbe() {
			return call("POST", "/v2/resources",
					"{\"type\": \"%s\", \"attributes\": {\"title\": \"probe\"}}".formatted(this.type), token())
				.status();
		}

		/** How many of this tenant's resources of the drill's type search finds. */
		int searchable() {
			String filter = URLEncoder.encode("type = \"" + this.type + "\"", StandardCharsets.UTF_8);
			int found = 0;
			String after = "";
			do {
				Answer page = call("GET", "/v2/resources?page_size=500&filter=" + filter + after, null, token());
				if (page.status() != 200) {
					return -1;
				}
				JsonNode body = page.json();
				found += body.path("items").size();
				String next = body.path("next_page_token").asString("");
				after = next.isEmpty() ? "" : "&page_token=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
			}
			while (!after.isEmpty());
			return found;
		}

	}

	/** Writes items 0..count-1 from a few threads while the drill does its harm. */
	static final class Writer implements AutoCloseable {

		private final ExecutorService threads = Executors.newFixedThreadPool(6);

		private final List<Future<?>> work = new ArrayList<>();

		private final List<Integer> committed = java.util.Collections.synchronizedList(new ArrayList<>());

		private final AtomicInteger refused = new AtomicInteger();

		private final AtomicInteger serverErrors = new AtomicInteger();

		private final Map<Integer, AtomicInteger> refusals = new ConcurrentSkipListMap<>();

		private final AtomicInteger done = new AtomicInteger();

		Writer(Tenant tenant, int count, Duration pause) {
			AtomicInteger next = new AtomicInteger();
			for (int thread = 0; thread < 6; thread++) {
				this.work.add(this.threads.submit(() -> {
					for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
						int status = tenant.create(n);
						if (status == 201) {
							this.committed.add(n);
						}
						else {
							this.refused.incrementAndGet();
							this.refusals.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
							if (status == 500) {
								this.serverErrors.incrementAndGet();
							}
						}
						this.done.incrementAndGet();
						if (!pause.isZero()) {
							Thread.sleep(pause.toMillis());
						}
					}
					return null;
				}));
			}
		}

		int done() {
			return this.done.get();
		}

		void awaitDone(Duration timeout) throws Exception {
			long deadline = System.nanoTime() + timeout.toNanos();
			for (Future<?> future : this.work) {
				future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
		}

		List<Integer> committed() {
			return List.copyOf(this.committed);
		}

		int refused() {
			return this.refused.get();
		}

		/**
		 * Writes whose outcome the client cannot know: no answer, or a gateway timeout.
		 */
		int unknownOutcomes() {
			return this.refusals.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() == -1 || entry.getKey() == 504)
				.mapToInt((entry) -> entry.getValue().get())
				.sum();
		}

		/** The refusals by status (-1: no answer), e.g. {@code 503×4 -1×2}. */
		String refusals() {
			StringBuilder text = new StringBuilder();
			this.refusals.forEach((status,
					count) -> text.append(text.isEmpty() ? "" : " ").append(status).append('×').append(count.get()));
			return text.isEmpty() ? "-" : text.toString();
		}

		int serverErrors() {
			return this.serverErrors.get();
		}

		@Override
		public void close() {
			this.threads.shutdownNow();
		}

	}

	/**
	 * Waits until {@code done} holds, or nothing has changed for {@code quiet}, or the
	 * deadline passes; whether {@code done} held.
	 */
	static boolean awaitQuiet(BooleanSupplier done, java.util.function.LongSupplier progress, Duration quiet,
			Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long last = progress.getAsLong();
		long lastChange = System.nanoTime();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(250);
			long now = progress.getAsLong();
			if (now != last) {
				last = now;
				lastChange = System.nanoTime();
			}
			else if (System.nanoTime() - lastChange > quiet.toNanos()) {
				return done.getAsBoolean();
			}
		}
		return true;
	}

	/**
	 * Waits (up to {@code timeout}) for {@code condition}; the milliseconds it took, or
	 * -1.
	 */
	static long millisUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long started = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - started > timeout.toNanos()) {
				return -1;
			}
			Thread.sleep(200);
		}
		return (System.nanoTime() - started) / 1_000_000;
	}

}
