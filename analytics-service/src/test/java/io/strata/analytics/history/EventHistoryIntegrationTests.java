package io.strata.analytics.history;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Struct;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.analytics.AnalyticsIntegrationTest;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceStateChanged;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every event of every topic lands in its day partition, once; the history and metrics
 * APIs answer per tenant; retention drops whole expired partitions.
 */
class EventHistoryIntegrationTests extends AnalyticsIntegrationTest {

	// an hour back, so that the seeded events (up to NOW + 4 min) are never in the
	// future:
	// the history's default range ends now
	private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);

	private static String tenant;

	private static String other;

	@Autowired
	Elastic elastic;

	@Autowired
	IndexNames names;

	@Autowired
	EventRetention retention;

	@BeforeEach
	void seedOnce() {
		if (tenant != null) {
			return;
		}
		String t = newTenant();
		String o = newTenant();
		Instant hourAgo = NOW.minus(1, ChronoUnit.HOURS).plusSeconds(60);
		publish(EventTopics.RESOURCE, "resource.created", t, "r1",
				ResourceCreated.newBuilder().setResource(resource(t, "r1", 1, "open", Map.of())).build(), hourAgo);
		publish(EventTopics.RESOURCE, "resource.created", t, "r2",
				ResourceCreated.newBuilder().setResource(resource(t, "r2", 1, "open", Map.of())).build(),
				NOW.plusSeconds(60));
		publish(EventTopics.RESOURCE, "resource.state_changed", t, "r1",
				ResourceStateChanged.newBuilder()
					.setResource(resource(t, "r1", 2, "closed", Map.of()))
					.setFromState("open")
					.setAction("close")
					.build(),
				NOW.plusSeconds(120));
		UUID duplicate = UUID.randomUUID();
		for (int i = 0; i < 2; i++) {
			publish(duplicate, EventTopics.IDENTITY, "user.created", t, "u1", Struct.getDefaultInstance(),
					NOW.plusSeconds(180));
		}
		publish(EventTopics.WORKFLOW, "workflow.run_completed", t, "w1", Struct.getDefaultInstance(),
				NOW.plusSeconds(240));
		publish(EventTopics.NOTIFICATION, "webhook.delivered", t, "d1", Struct.getDefaultInstance(),
				NOW.minus(3, ChronoUnit.DAYS));
		publish(EventTopics.ML, "model.trained", o, "m1", Struct.getDefaultInstance(), NOW.plusSeconds(60));
		await().atMost(patience()).untilAsserted(() -> {
			assertThat(events(t, "/v2/analytics/events?page_size=100")).hasSize(6);
			assertThat(events(o, "/v2/analytics/events")).hasSize(1);
		});
		tenant = t;
		other = o;
	}

	@Test
	void historyHoldsEveryTopicOnceNewestFirst() {
		List<Map<String, Object>> events = events(tenant, "/v2/analytics/events");
		assertThat(events).extracting((event) -> event.get("type"))
			.containsExactly("workflow.run_completed", "user.created", "resource.state_changed", "resource.created",
					"resource.created", "webhook.delivered");
		assertThat(events).extracting((event) -> event.get("topic"))
			.contains("resource.events", "identity.events", "workflow.events", "notification.events");
		assertThat(events.get(2)).containsEntry("resource_type", "ticket")
			.containsEntry("state", "closed")
			.containsEntry("resource_id", "r1")
			.containsEntry("tenant_id", tenant);
		assertThat(events(other, "/v2/analytics/events")).extracting((event) -> event.get("type"))
			.containsExactly("model.trained");
	}

	@Test
	void filterTimeRangeAndPaging() {
		assertThat(events(tenant, "/v2/analytics/events?filter={f}", "type = \"resource.created\"")).hasSize(2);
		assertThat(events(tenant, "/v2/analytics/events?filter={f}", "topic = \"resource.events\" AND state = closed"))
			.hasSize(1);
		assertThat(events(tenant, "/v2/analytics/events?start_time={s}&end_time={e}", NOW.toString(),
				NOW.plusSeconds(200).toString()))
			.extracting((event) -> event.get("type"))
			.containsExactly("user.created", "resource.state_changed", "resource.created");
		List<Object> paged = new ArrayList<>();
		String token = null;
		do {
			Map<String, Object> page = (token == null) ? page(tenant, "/v2/analytics/events?page_size=4")
					: page(tenant, "/v2/analytics/events?page_size=4&page_token={t}", token);
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
			items.forEach((item) -> paged.add(item.get("id")));
			token = (String) page.get("next_page_token");
		}
		while (token != null);
		assertThat(paged).hasSize(6).doesNotHaveDuplicates();
		get(tenant, "/v2/analytics/events?filter={f}", "colour = red").expectStatus().isBadRequest();
		get(tenant, "/v2/analytics/events?start_time=yesterday").expectStatus().isBadRequest();
	}

	@Test
	void metricsCountEventsOverTimeByType() {
		Map<String, Object> metrics = page(tenant, "/v2/analytics/metrics?interval=1h&start_time={s}&end_time={e}",
				NOW.minus(2, ChronoUnit.HOURS).toString(), NOW.plus(2, ChronoUnit.HOURS).toString());
		assertThat(metrics).containsEntry("total", 5).containsEntry("interval", "1h");
		assertThat((List<?>) metrics.get("buckets")).hasSize(4);
		assertThat((List<?>) metrics.get("timestamps")).hasSize(4);
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> series = (List<Map<String, Object>>) metrics.get("series");
		assertThat(series).singleElement().satisfies((s) -> assertThat(s).containsEntry("counts", List.of(0, 1, 4, 0)));

		Map<String, Object> byType = page(tenant,
				"/v2/analytics/metrics?interval=1h&group_by=type&start_time={s}&end_time={e}",
				NOW.minus(2, ChronoUnit.HOURS).toString(), NOW.plus(2, ChronoUnit.HOURS).toString());
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> typeSeries = (List<Map<String, Object>>) byType.get("series");
		Map<Object, Object> totals = new LinkedHashMap<>();
		typeSeries.forEach((s) -> totals.put(s.get("key"), s.get("total")));
		assertThat(totals).containsExactlyInAnyOrderEntriesOf(Map.of("resource.created", 2, "resource.state_changed", 1,
				"user.created", 1, "workflow.run_completed", 1));

		Map<String, Object> byState = page(tenant, "/v2/analytics/metrics?interval=1d&group_by=state&filter={f}",
				"topic = \"resource.events\"");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> stateSeries = (List<Map<String, Object>>) byState.get("series");
		assertThat(stateSeries).extracting((s) -> s.get("key")).containsExactly("closed", "open");

		get(tenant, "/v2/analytics/metrics?interval=1s").expectStatus().isBadRequest();
		get(tenant, "/v2/analytics/metrics?interval=1m&start_time=2020-01-01T00:00:00Z").expectStatus().isBadRequest();
		get(tenant, "/v2/analytics/metrics?group_by=tenant_id").expectStatus().isBadRequest();
	}

	@Test
	void retentionDropsExpiredPartitionsOnly() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String expired = this.names.eventsIndex(today.minusDays(31));
		String kept = this.names.eventsIndex(today.minusDays(29));
		this.elastic.send("PUT", "/" + expired, Map.of());
		this.elastic.send("PUT", "/" + kept, Map.of());
		// an event older than the retention is not stored (and does not recreate a
		// partition)
		publish(EventTopics.RESOURCE, "resource.created", tenant, "old",
				ResourceCreated.newBuilder().setResource(resource(tenant, "old", 1, "open", Map.of())).build(),
				Instant.now().minus(40, ChronoUnit.DAYS));
		this.retention.dropExpiredPartitions();
		assertThat(this.elastic.exists("/" + expired)).isFalse();
		assertThat(this.elastic.exists("/" + kept)).isTrue();
		assertThat(this.elastic.exists("/" + this.names.eventsIndex(today))).isTrue();
		assertThat(this.elastic.exists("/" + this.names.eventsIndex(today.minusDays(40)))).isFalse();
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> events(String tenant, String uri, Object... variables) {
		return (List<Map<String, Object>>) page(tenant, uri, variables).get("items");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> page(String tenant, String uri, Object... variables) {
		return get(tenant, uri, variables).expectStatus()
			.isOk()
			.expectBody(LinkedHashMap.class)
			.returnResult()
			.getResponseBody();
	}

}
