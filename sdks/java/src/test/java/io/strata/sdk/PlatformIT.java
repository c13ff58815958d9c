package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.strata.sdk.model.ActionResult;
import io.strata.sdk.model.AnalyticsEvent;
import io.strata.sdk.model.EventCountMetrics;
import io.strata.sdk.model.Metrics;
import io.strata.sdk.model.Operation;
import io.strata.sdk.model.Resource;
import io.strata.sdk.model.ResourceType;
import io.strata.sdk.model.ValueMetrics;
import io.strata.sdk.model.WebhookEndpoint;

/**
 * Against a running platform ({@code ./strata up}): set {@code STRATA_BASE_URL}, {@code STRATA_CLIENT_ID} and
 * {@code STRATA_CLIENT_SECRET}. Everything it creates is under its own resource type
 * {@code sdk_java_<random>}, so several SDKs' suites can run at once against one tenant.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformIT {

	private static final String BASE_URL = System.getenv("STRATA_BASE_URL");

	private static final String TYPE = "sdk_java_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

	private static Strata strata;

	private static final List<String> created = new ArrayList<>();

	@BeforeAll
	static void connect() {
		if (BASE_URL == null || BASE_URL.isBlank()) {
			System.err.println("PlatformIT: STRATA_BASE_URL is not set, so the integration tests are skipped");
		}
		Assumptions.assumeTrue(BASE_URL != null && !BASE_URL.isBlank(),
				"STRATA_BASE_URL is not set: integration tests skipped (set it and STRATA_CLIENT_ID, "
						+ "STRATA_CLIENT_SECRET to run them against ./strata up)");
		Assumptions.assumeTrue(System.getenv("STRATA_CLIENT_ID") != null && System.getenv("STRATA_CLIENT_SECRET") != null,
				"STRATA_CLIENT_ID and STRATA_CLIENT_SECRET are not set: integration tests skipped");
		strata = Strata.builder()
			.baseUrl(BASE_URL)
			.clientCredentials(System.getenv("STRATA_CLIENT_ID"), System.getenv("STRATA_CLIENT_SECRET"))
			.timeout(Duration.ofSeconds(20))
			.build();
	}

	@AfterAll
	static void cleanUp() {
		if (strata == null) {
			return;
		}
		for (String id : created) {
			try {
				strata.resources().delete(id);
			}
			catch (StrataException ignored) {
				// already gone
			}
		}
		try {
			strata.resourceTypes().retire(TYPE);
		}
		catch (StrataException ignored) {
			// not created, or already retired
		}
	}

	@Test
	@Order(1)
	void definesItsOwnResourceType() {
		ResourceType type = strata.resourceTypes()
			.create(TYPE, Map.of("type", "object", "required", List.of("title"), "properties",
					Map.of("title", Map.of("type", "string"), "priority",
							Map.of("type", "integer", "minimum", 1, "maximum", 5))),
					Map.of("initial", "open", "states", List.of("open", "approved"), "actions",
							Map.of("approve", Map.of("from", List.of("open"), "to", "approved", "input_schema",
									Map.of("type", "object"), "workflow",
									Map.of("steps", List.of(Map.of("name", "stamp", "type", "resource.set", "input",
											Map.of("attributes", Map.of("approved_by", "input.approver")))))))),
					"Java SDK integration test type");
		assertEquals(TYPE, type.getName());
		assertEquals(TYPE, strata.resourceTypes().get(TYPE).getName());
		assertTrue(strata.resourceTypes().list(ListParams.create().pageSize(50)).stream()
			.anyMatch((t) -> TYPE.equals(t.getName())), "listed");
	}

	@Test
	@Order(2)
	void createGetUpdateAndAStaleEtag() {
		Resource resource = strata.resources().create(TYPE, Map.of("title", "Broken login", "priority", 2));
		created.add(resource.getId());
		assertEquals("open", resource.getState());
		String firstEtag = strata.resources().etag(resource.getId());
		assertNotNull(firstEtag, "ETag remembered from create");

		Resource read = strata.resources().get(resource.getId());
		assertEquals("Broken login", ((Map<?, ?>) read.getAttributes()).get("title"));

		Resource updated = strata.resources().update(resource.getId(), Map.of("priority", 3));
		assertEquals(3, ((Number) ((Map<?, ?>) updated.getAttributes()).get("priority")).intValue());
		assertEquals("Broken login", ((Map<?, ?>) updated.getAttributes()).get("title"), "merge patch kept title");

		PreconditionFailedException stale = assertThrows(PreconditionFailedException.class,
				() -> strata.resources().update(resource.getId(), Map.of("priority", 4), firstEtag));
		assertEquals(412, stale.status());
		assertNotNull(stale.title());

		Resource replaced = strata.resources().replace(resource.getId(), Map.of("title", "Replaced"));
		assertEquals(Map.of("title", "Replaced"), replaced.getAttributes());
	}

	@Test
	@Order(3)
	void invalidAttributesAreATypedError() {
		StrataException error = assertThrows(StrataException.class,
				() -> strata.resources().create(TYPE, Map.of("priority", 9)));
		assertTrue(error.status() == 400 || error.status() == 422, "status " + error.status());
		assertTrue(error instanceof ValidationException || error.status() == 400);
		assertNotNull(error.type());
	}

	@Test
	@Order(4)
	void listsWithAFilterAcrossPages() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			created.add(strata.resources().create(TYPE, Map.of("title", "Listed " + i, "priority", 1)).getId());
		}
		ListParams params = ListParams.filter("type = \"" + TYPE + "\"").orderBy("created_at desc").pageSize(2);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		List<String> seen;
		do {
			seen = strata.resources().list(params).stream().map(Resource::getId).toList();
			if (seen.size() >= created.size()) {
				break;
			}
			Thread.sleep(300);
		}
		while (System.nanoTime() < deadline);
		assertTrue(seen.containsAll(created), "the search index shows all " + created.size() + ": " + seen);
		int pages = 0;
		for (Page<Resource> page : strata.resources().list(params).pages()) {
			assertTrue(page.items().size() <= 2);
			pages++;
		}
		assertTrue(pages >= 3, "several pages of 2: " + pages);
	}

	@Test
	@Order(5)
	void runsAnActionAndWaitsForItsOperation() {
		String id = created.get(0);
		ActionResult result = strata.resources().runAction("approve", List.of(id), Map.of("approver", "sdk-java"));
		String operationId = result.getOperations().get(0).getId();
		assertNotNull(operationId, "started: " + result);
		Operation operation = strata.operations().waitFor(operationId, Duration.ofSeconds(30));
		assertEquals("completed", operation.getStatus(), "operation " + operation);
		Resource approved = strata.resources().get(id);
		assertEquals("approved", approved.getState());
		assertEquals("sdk-java", ((Map<?, ?>) approved.getAttributes()).get("approved_by"));
		assertTrue(strata.operations().list(id).stream().anyMatch((op) -> operationId.equals(op.getId())));

		ConflictException notAllowed = assertThrows(ConflictException.class,
				() -> strata.resources().runAction("approve", List.of(id), Map.of()));
		assertEquals(409, notAllowed.status());
	}

	@Test
	@Order(6)
	void deletes() {
		String id = created.remove(created.size() - 1);
		strata.resources().delete(id);
		assertThrows(NotFoundException.class, () -> strata.resources().get(id));
	}

	@Test
	@Order(7)
	void webhookEndpoints() {
		WebhookEndpoint endpoint = strata.webhooks().create("http://127.0.0.1:9/" + TYPE, List.of("resource.*"));
		try {
			assertTrue(endpoint.getSecret().startsWith("whsec_"), "the secret, once");
			assertEquals(endpoint.getUrl(), strata.webhooks().get(endpoint.getId()).getUrl());
			assertTrue(strata.webhooks().list().stream().anyMatch((e) -> endpoint.getId().equals(e.getId())));
			String messageId = strata.webhooks().test(endpoint.getId()).getMessageId();
			assertNotNull(messageId);
			// typed attempts (the test message is delivered in the background, to a port that refuses it)
			strata.webhooks().attempts(endpoint.getId(), messageId).forEach((attempt) -> {
				assertEquals(messageId, attempt.getMessageId());
				assertNotNull(attempt.getAttemptedAt());
			});
		}
		finally {
			strata.webhooks().delete(endpoint.getId());
		}
		assertThrows(NotFoundException.class, () -> strata.webhooks().get(endpoint.getId()));
	}

	@Test
	@Order(8)
	void analyticsEventsAndMetrics() throws InterruptedException {
		// the history of this run's resources (it reaches the analytics index within seconds)
		ListParams ours = ListParams.filter("resource_type = \"" + TYPE + "\"").pageSize(5);
		List<AnalyticsEvent> events = List.of();
		for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); events.isEmpty()
				&& System.nanoTime() < deadline;) {
			events = strata.analytics().events(ours).stream().limit(10).toList();
			if (events.isEmpty()) {
				Thread.sleep(500);
			}
		}
		assertTrue(!events.isEmpty(), "there is event history of " + TYPE);
		assertNotNull(events.get(0).getType());
		assertNotNull(events.get(0).getTime());
		assertEquals(TYPE, events.get(0).getResourceType());
		Metrics metrics = strata.analytics().metrics(null, null, null, null, null, null);
		EventCountMetrics counts = metrics.getEventCountMetrics();
		assertEquals("event_count", counts.getMetric());
		assertNotNull(counts.getTotal(), "metrics " + metrics);
		assertEquals(counts.getTimestamps().size(), counts.getBuckets().size());
		ValueMetrics durations = strata.analytics()
			.metrics("workflow_duration", null, null, null, null, null)
			.getValueMetrics();
		assertEquals("workflow_duration", durations.getMetric());
		assertTrue(durations.getSeries().stream().anyMatch((series) -> "p95".equals(series.getKey())),
				"series " + durations.getSeries());
	}

	@Test
	@Order(9)
	void wrongCredentialsAreAnAuthenticationError() {
		Strata wrong = Strata.builder().baseUrl(BASE_URL).clientCredentials("cli_nope", "wrong").maxRetries(0).build();
		assertThrows(AuthenticationException.class, () -> wrong.resources().get("anything"));
	}

}
