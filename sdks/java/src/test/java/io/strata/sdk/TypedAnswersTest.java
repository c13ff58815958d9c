package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.sdk.FakeServer.Reply;
import io.strata.sdk.model.AnalyticsEvent;
import io.strata.sdk.model.EventCountMetrics;
import io.strata.sdk.model.Metrics;
import io.strata.sdk.model.ValueMetrics;
import io.strata.sdk.model.WebhookAttempt;
import io.strata.sdk.model.WebhookEndpoint;

/** The answers the document types (events, metrics, attempts) read into the generated models. */
class TypedAnswersTest {

	private FakeServer server;

	private Strata strata;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
		this.strata = Strata.builder().baseUrl(this.server.url()).apiKey("sk_test").build();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void eventsArePagesOfAnalyticsEvents() {
		this.server.then(Reply.json(200, "{\"items\":[{\"id\":\"e1\",\"type\":\"resource.state_changed\","
				+ "\"topic\":\"resource.events\",\"source\":\"/workflow-service\",\"subject\":\"r1\","
				+ "\"time\":\"2024-05-01T12:00:00Z\",\"tenant_id\":\"acme\",\"resource_id\":\"r1\","
				+ "\"resource_type\":\"ticket\",\"state\":\"approved\",\"later_member\":1}],\"next_page_token\":\"t2\"}"))
			.then(Reply.json(200, "{\"items\":[{\"id\":\"e2\",\"type\":\"webhook.delivered\",\"topic\":\"webhook.events\","
					+ "\"source\":\"/notification-service\",\"time\":\"2024-05-01T12:00:01Z\",\"tenant_id\":\"acme\","
					+ "\"endpoint_id\":\"ep1\",\"status_code\":200,\"duration_millis\":87}],\"next_page_token\":null}"));
		List<AnalyticsEvent> events = this.strata.analytics()
			.events(ListParams.filter("resource_type = \"ticket\"").pageSize(1))
			.stream()
			.toList();
		assertEquals(2, events.size());
		assertEquals("resource.state_changed", events.get(0).getType());
		assertEquals(OffsetDateTime.parse("2024-05-01T12:00:00Z"), events.get(0).getTime());
		assertEquals("ticket", events.get(0).getResourceType());
		assertEquals("approved", events.get(0).getState());
		assertNull(events.get(0).getEndpointId());
		assertEquals(200, events.get(1).getStatusCode());
		assertEquals(87L, events.get(1).getDurationMillis());
		assertTrue(this.server.requests.get(1).query().contains("page_token=t2"));
	}

	@Test
	void eventCountMetricsByTheirDiscriminator() {
		this.server.then(Reply.json(200, "{\"metric\":\"event_count\",\"interval\":\"1h\","
				+ "\"start_time\":\"2024-05-01T00:00:00Z\",\"end_time\":\"2024-05-01T02:00:00Z\",\"group_by\":\"type\","
				+ "\"total\":5,\"timestamps\":[\"2024-05-01T00:00:00Z\",\"2024-05-01T01:00:00Z\"],"
				+ "\"buckets\":[{\"start\":\"2024-05-01T00:00:00Z\",\"count\":3,\"groups\":{\"resource.created\":3}},"
				+ "{\"start\":\"2024-05-01T01:00:00Z\",\"count\":2,\"groups\":{\"resource.deleted\":2}}],"
				+ "\"series\":[{\"key\":\"resource.created\",\"total\":3,\"counts\":[3,0]}]}"));
		Metrics metrics = this.strata.analytics().metrics(null, "1h", null, null, "type", null);
		EventCountMetrics counts = assertInstanceOf(EventCountMetrics.class, metrics.getActualInstance());
		assertEquals(5L, counts.getTotal());
		assertEquals(3L, counts.getBuckets().get(0).getGroups().get("resource.created"));
		assertEquals(List.of(3L, 0L), counts.getSeries().get(0).getCounts());
		assertEquals("interval=1h&group_by=type", this.server.requests.get(0).query());
	}

	@Test
	void valueMetricsByTheirDiscriminator() {
		this.server.then(Reply.json(200, "{\"metric\":\"workflow_duration\",\"interval\":\"1h\","
				+ "\"start_time\":\"2024-05-01T00:00:00Z\",\"end_time\":\"2024-05-01T02:00:00Z\",\"total\":2,"
				+ "\"timestamps\":[\"2024-05-01T00:00:00Z\",\"2024-05-01T01:00:00Z\"],\"counts\":[2,0],"
				+ "\"series\":[{\"key\":\"p95\",\"overall\":1250.0,\"values\":[1250.0,0]},"
				+ "{\"key\":\"p50\",\"overall\":null,\"values\":[]}]}"));
		ValueMetrics values = this.strata.analytics()
			.metrics("workflow_duration", null, null, null, null, null)
			.getValueMetrics();
		assertEquals("p95", values.getSeries().get(0).getKey());
		assertEquals(1250.0, values.getSeries().get(0).getOverall());
		assertNull(values.getSeries().get(1).getOverall());
		assertEquals(List.of(2L, 0L), values.getCounts());
	}

	@Test
	void attemptsArePagesOfWebhookAttempts() {
		this.server.then(Reply.json(200, "{\"items\":[{\"id\":\"1042\",\"message_id\":\"msg_1\",\"attempt\":2,"
				+ "\"attempted_at\":\"2024-05-01T12:00:00Z\",\"succeeded\":false,\"status_code\":null,\"latency_ms\":87,"
				+ "\"error\":\"connection refused\"}],\"next_page_token\":null}"));
		List<WebhookAttempt> attempts = this.strata.webhooks().attempts("ep1", "msg_1").stream().toList();
		assertEquals(1, attempts.size());
		assertEquals(2, attempts.get(0).getAttempt());
		assertEquals(false, attempts.get(0).getSucceeded());
		assertNull(attempts.get(0).getStatusCode());
		assertEquals("connection refused", attempts.get(0).getError());
		assertEquals("/v2/webhooks/ep1/attempts", this.server.requests.get(0).path());
		assertEquals("message_id=msg_1", this.server.requests.get(0).query());
	}

	@Test
	void anEndpointStatusALaterPlatformAddsIsNotAnError() {
		this.server.then(Reply.json(200, "{\"id\":\"ep1\",\"url\":\"https://example.com/h\",\"event_types\":[\"*\"],"
				+ "\"status\":\"paused\",\"created_at\":\"2024-05-01T12:00:00Z\",\"updated_at\":\"2024-05-01T12:00:00Z\"}"));
		assertEquals(WebhookEndpoint.StatusEnum.UNKNOWN_DEFAULT_OPEN_API,
				this.strata.webhooks().get("ep1").getStatus());
	}

}
