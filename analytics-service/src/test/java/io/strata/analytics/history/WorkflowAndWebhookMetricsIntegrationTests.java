package io.strata.analytics.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;
import io.strata.platform.events.EventTopics;
import io.strata.proto.notification.v1.DeliverySucceeded;
import io.strata.proto.notification.v1.EndpointDisabled;
import io.strata.proto.notification.v1.MessageAttemptExhausted;
import io.strata.proto.workflow.v1.Operation;
import io.strata.proto.workflow.v1.WorkflowRunFinished;
import io.strata.proto.workflow.v1.WorkflowRunStarted;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Workflow run duration percentiles and the webhook delivery success rate, per interval
 * and overall, from the payloads of workflow.run_finished and the notification delivery
 * outcomes, as the producing services publish them.
 */
class WorkflowAndWebhookMetricsIntegrationTests extends AnalyticsIntegrationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

	private static String tenant;

	@Autowired
	Elastic elastic;

	@Autowired
	IndexNames names;

	@Autowired
	EventHistoryIndex history;

	@BeforeEach
	void seedOnce() {
		if (tenant != null) {
			return;
		}
		String t = newTenant();
		// first hour: runs of 100, 200, ... 1000 ms; second hour: none; third: one of 5 s
		for (int i = 1; i <= 10; i++) {
			runFinished(t, "run-" + i, (i % 5 == 0) ? "failed" : "completed", i * 100L, HOUR.plusSeconds(i));
		}
		runFinished(t, "run-slow", "completed", 5000, HOUR.plus(2, ChronoUnit.HOURS).plusSeconds(5));
		publish(EventTopics.WORKFLOW, "workflow.run_started", t, "run-x",
				WorkflowRunStarted.newBuilder().setOperation(Operation.newBuilder().setId("run-x")).build(),
				HOUR.plusSeconds(30));
		// first hour: 3 delivered, 1 exhausted; third hour: 1 exhausted
		for (int i = 0; i < 3; i++) {
			publish(EventTopics.NOTIFICATION, "notification.delivery.succeeded", t, "ep-1",
					DeliverySucceeded.newBuilder()
						.setTenantId(t)
						.setEndpointId("ep-1")
						.setMessageId("m" + i)
						.setStatusCode(200)
						.setLatencyMillis(12)
						.build(),
					HOUR.plusSeconds(60 + i));
		}
		exhausted(t, "m3", HOUR.plusSeconds(90));
		exhausted(t, "m4", HOUR.plus(2, ChronoUnit.HOURS).plusSeconds(90));
		publish(EventTopics.NOTIFICATION, "notification.endpoint.disabled", t, "ep-1",
				EndpointDisabled.newBuilder().setTenantId(t).setEndpointId("ep-1").setReason("failing").build(),
				HOUR.plusSeconds(95));
		// another tenant's slow runs and failures never count
		String other = newTenant();
		runFinished(other, "run-o", "failed", 999_999, HOUR.plusSeconds(1));
		exhausted(other, "mo", HOUR.plusSeconds(1));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(((Number) metrics(t, "webhook_success_rate", "").get("total")).longValue()).isEqualTo(5);
			assertThat(((Number) metrics(t, "workflow_duration", "").get("total")).longValue()).isEqualTo(11);
		});
		tenant = t;
	}

	@Test
	void workflowDurationPercentilesPerInterval() {
		Map<String, Object> metrics = metrics(tenant, "workflow_duration", "");
		assertThat(metrics).containsEntry("metric", "workflow_duration").containsEntry("interval", "1h");
		assertThat((List<?>) metrics.get("timestamps")).hasSize(3);
		assertThat(metrics.get("counts")).isEqualTo(List.of(10, 0, 1));
		Map<String, Map<String, Object>> series = series(metrics);
		assertThat(series).containsOnlyKeys("p50", "p95", "p99");
		List<?> p50 = (List<?>) series.get("p50").get("values");
		assertThat(((Number) p50.get(0)).doubleValue()).isCloseTo(550, within(60.0));
		assertThat(p50.get(1)).isNull();
		assertThat(((Number) p50.get(2)).doubleValue()).isEqualTo(5000);
		double p99 = ((Number) ((List<?>) series.get("p99").get("values")).get(0)).doubleValue();
		assertThat(p99).isBetween(900.0, 1000.0);
		assertThat(((Number) series.get("p99").get("overall")).doubleValue()).isGreaterThan(1000)
			.isLessThanOrEqualTo(5000);

		// the filter narrows the runs: only the failed ones (500 ms and 1000 ms)
		Map<String, Object> failed = metrics(tenant, "workflow_duration", "outcome = failed");
		assertThat(failed.get("counts")).isEqualTo(List.of(2, 0, 0));
		assertThat(((Number) series(failed).get("p50").get("overall")).doubleValue()).isBetween(500.0, 1000.0);
	}

	@Test
	void webhookSuccessRatePerInterval() {
		Map<String, Object> metrics = metrics(tenant, "webhook_success_rate", "");
		assertThat(metrics.get("counts")).isEqualTo(List.of(4, 0, 1));
		Map<String, Object> rate = series(metrics).get("success_rate");
		assertThat(rate.get("values")).isEqualTo(Arrays.asList(0.75, null, 0.0));
		assertThat(((Number) rate.get("overall")).doubleValue()).isEqualTo(0.6);
		assertThat(
				((Number) metrics(tenant, "webhook_success_rate", "endpoint_id = \"ep-2\"").get("total")).longValue())
			.isZero();
	}

	@Test
	void payloadFieldsAreInTheHistoryAndBadMetricQueriesAre400() {
		Map<String, Object> page = get(tenant, "/v2/analytics/events?filter={f}&start_time={s}",
				"type = \"workflow.run_finished\" AND duration_millis >= 1000", HOUR.toString())
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
		assertThat(items).extracting((item) -> item.get("duration_millis")).containsExactlyInAnyOrder(1000, 5000);
		assertThat(items).extracting((item) -> item.get("resource_id")).contains("res-run-slow");

		get(tenant, "/v2/analytics/metrics?metric=latency").expectStatus().isBadRequest();
		get(tenant, "/v2/analytics/metrics?metric=workflow_duration&group_by=type").expectStatus().isBadRequest();
		get(tenant, "/v2/analytics/metrics?metric=webhook_success_rate&interval=7x").expectStatus().isBadRequest();
	}

	@Test
	void partitionsCreatedBeforeTheNewFieldsLearnThemAtStartup() {
		// a day partition as round 1 created it: strict, without the payload fields
		String old = this.names.eventsIndex(LocalDate.of(2001, 1, 1));
		this.elastic.send("PUT", "/" + old,
				Map.of("mappings", Map.of("dynamic", "strict", "properties", Map.of("id", Map.of("type", "keyword")))));
		try {
			this.history.afterPropertiesSet();
			var properties = this.elastic.get("/" + old + "/_mapping").path(old).path("mappings").path("properties");
			assertThat(properties.path("duration_millis").path("type").asText()).isEqualTo("long");
			assertThat(properties.path("outcome").path("type").asText()).isEqualTo("keyword");
		}
		finally {
			this.elastic.send("DELETE", "/" + old, null);
		}
	}

	private void runFinished(String tenant, String id, String status, long millis, Instant at) {
		publish(EventTopics.WORKFLOW, "workflow.run_finished", tenant, id,
				WorkflowRunFinished.newBuilder()
					.setOperation(Operation.newBuilder()
						.setId(id)
						.setTenantId(tenant)
						.setResourceId("res-" + id)
						.setAction("close")
						.setStatus(status))
					.setDurationMillis(millis)
					.build(),
				at);
	}

	private void exhausted(String tenant, String message, Instant at) {
		publish(EventTopics.NOTIFICATION, "notification.message.attempt.exhausted", tenant, "ep-1",
				MessageAttemptExhausted.newBuilder()
					.setTenantId(tenant)
					.setEndpointId("ep-1")
					.setMessageId(message)
					.setEventType("resource.created")
					.setAttempts(8)
					.build(),
				at);
	}

	private Map<String, Object> metrics(String tenant, String metric, String filter) {
		return get(tenant, "/v2/analytics/metrics?metric={m}&interval=1h&start_time={s}&end_time={e}&filter={f}",
				metric, HOUR.toString(), HOUR.plus(3, ChronoUnit.HOURS).toString(), filter)
			.expectStatus()
			.isOk()
			.expectBody(MAP)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> series(Map<String, Object> metrics) {
		Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
		((List<Map<String, Object>>) metrics.get("series")).forEach((s) -> byKey.put((String) s.get("key"), s));
		return byKey;
	}

}
