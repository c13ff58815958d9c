package io.strata.ml.anomaly;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.platform.security.RouteScopes;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /v2/ml/detectors/preview} over events counted from real Kafka into real
 * Redis: a tenfold spike of an event type is found at its interval, a flat series yields
 * nothing, other tenants' events do not count and a redelivered event counts once.
 */
class DetectorPreviewIntegrationTests extends MlIntegrationTest {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Autowired
	EventCounts counts;

	@Test
	void aTenfoldSpikeIsFoundAtItsInterval() throws Exception {
		String tenant = newTenant();
		String other = newTenant();
		Instant spike = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int minute = 40; minute >= 1; minute--) {
			Instant at = spike.minus(minute, ChronoUnit.MINUTES).plusSeconds(5);
			sent.addAll(publish(tenant, "resource.created", at, 5));
			// another tenant's storm is not this tenant's anomaly
			sent.addAll(publish(other, "resource.created", at, (minute == 1) ? 5 : 1));
		}
		sent.addAll(publish(tenant, "resource.created", spike.plusSeconds(5), 50));
		sent.addAll(publish(other, "resource.created", spike.plusSeconds(5), 1));
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		await().atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(total(preview(tenant, "resource.created", "1m"))).isEqualTo(250));
		Map<String, Object> found = preview(tenant, "resource.created", "1m");
		assertThat(anomalies(found)).singleElement().satisfies((anomaly) -> {
			assertThat(anomaly.get("start")).isEqualTo(spike.toString());
			assertThat(((Number) anomaly.get("value")).doubleValue()).isEqualTo(50);
			assertThat(((Number) anomaly.get("expected")).doubleValue()).isEqualTo(5);
			assertThat(((Number) anomaly.get("score")).doubleValue()).isGreaterThan(4.5);
		});
		Map<String, Object> theirs = preview(other, "resource.created", "1m");
		assertThat(total(theirs)).isEqualTo(45);
		assertThat(anomalies(theirs)).isEmpty();
		// another event type of the same tenant is another series
		assertThat(total(preview(tenant, "resource.updated", "1m"))).isZero();
	}

	@Test
	void aFlatSeriesHasNoAnomalyAndARedeliveredEventCountsOnce() throws Exception {
		String tenant = newTenant();
		Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int minute = 40; minute >= 0; minute--) {
			sent.addAll(
					publish(tenant, "workflow.run_finished", last.minus(minute, ChronoUnit.MINUTES).plusSeconds(1), 3));
		}
		UUID twice = UUID.randomUUID();
		sent.add(send(twice, tenant, "workflow.run_finished", last.minus(20, ChronoUnit.MINUTES)));
		sent.add(send(twice, tenant, "workflow.run_finished", last.minus(20, ChronoUnit.MINUTES)));
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		await().atMost(java.time.Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(total(preview(tenant, "workflow.run_finished", "1m"))).isEqualTo(124));
		Map<String, Object> flat = preview(tenant, "workflow.run_finished", "1m");
		assertThat(anomalies(flat)).isEmpty();
		// the same counts in 5-minute intervals: sums of whole minutes
		Map<String, Object> coarse = preview(tenant, "workflow.run_finished", "5m");
		assertThat(total(coarse)).isBetween(100.0, 124.0);
		assertThat(anomalies(coarse)).isEmpty();
		// years of daily intervals: only the minutes that can hold counts are read
		@SuppressWarnings("unchecked")
		Map<String, Object> years = post(tenant,
				"{\"metric\": {\"event_type\": \"workflow.run_finished\"}, "
						+ "\"interval\": \"1d\", \"start_time\": \"2020-01-01T00:00:00Z\"}")
			.expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		assertThat(((List<?>) years.get("values")).size()).isGreaterThan(2000);
	}

	/**
	 * Hourly counts on real Redis: a three-hour peak that came at the same hours in the
	 * three weeks before is usual, a tenfold spike at another hour is not; without those
	 * weeks (a tenant counted for a few days only) the peak is an anomaly too.
	 */
	@Test
	void aPeakAtTheSameHoursOfEveryWeekIsUsual() {
		String seasoned = newTenant();
		String recent = newTenant();
		Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
		java.util.Set<Integer> peak = java.util.Set.of(20, 19, 18);
		int spike = 10;
		for (int weeksAgo = 3; weeksAgo >= 0; weeksAgo--) {
			for (int hoursAgo = 60; hoursAgo >= 1; hoursAgo--) {
				int count = (peak.contains(hoursAgo) || (weeksAgo == 0 && hoursAgo == spike)) ? 50 : 5;
				Instant from = hour.minus(hoursAgo, ChronoUnit.HOURS).minus(7L * weeksAgo, ChronoUnit.DAYS);
				for (int i = 0; i < count; i++) {
					// spread over the hour
					Instant at = from.plusSeconds(i * 3600L / count);
					this.counts.record(UUID.randomUUID().toString(), seasoned, "resource.updated", at);
					if (weeksAgo == 0) {
						this.counts.record(UUID.randomUUID().toString(), recent, "resource.updated", at);
					}
				}
			}
		}
		assertThat(starts(preview(seasoned, "resource.updated", "1h")))
			.containsExactly(hour.minus(spike, ChronoUnit.HOURS).toString());
		assertThat(starts(preview(recent, "resource.updated", "1h"))).containsExactly(
				hour.minus(20, ChronoUnit.HOURS).toString(), hour.minus(19, ChronoUnit.HOURS).toString(),
				hour.minus(18, ChronoUnit.HOURS).toString(), hour.minus(spike, ChronoUnit.HOURS).toString());
		// quarters get their share of the previous weeks' hours: only the spike's stand
		// out
		@SuppressWarnings("unchecked")
		Map<String, Object> quarters = post(seasoned,
				"{\"metric\": {\"event_type\": \"resource.updated\"}, \"interval\": \"15m\", \"start_time\": \""
						+ hour.minus(24, ChronoUnit.HOURS) + "\"}")
			.expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		assertThat(starts(quarters)).isNotEmpty()
			.allSatisfy((start) -> assertThat(Instant.parse(start)).isBetween(hour.minus(spike, ChronoUnit.HOURS),
					hour.minus(spike - 1, ChronoUnit.HOURS)));
	}

	private static List<String> starts(Map<String, Object> preview) {
		return anomalies(preview).stream().map((anomaly) -> (String) anomaly.get("start")).toList();
	}

	@Test
	void refusesWhatItCannotPreview() {
		String tenant = newTenant();
		for (String body : List.of("{}", "{\"metric\": {}}", "{\"metric\": {\"event_type\": \"\"}}",
				"{\"metric\": {\"event_type\": \"x\"}, \"interval\": \"5x\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"interval\": \"0m\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"interval\": \"9999d\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"interval\": \"25h\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"sensitivity\": \"extreme\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"start_time\": \"yesterday\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"start_time\": \"2020-01-01T00:00:00Z\"}",
				"{\"metric\": {\"event_type\": \"x\"}, \"start_time\": \"2999-01-01T00:00:00Z\"}")) {
			post(tenant, body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.errors[0].pointer")
				.exists();
		}
		this.client.post()
			.uri("/v2/ml/detectors/preview")
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_READ))
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"metric\": {\"event_type\": \"x\"}}")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> preview(String tenant, String type, String interval) {
		return post(tenant, "{\"metric\": {\"event_type\": \"" + type + "\"}, \"interval\": \"" + interval + "\"}")
			.expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
	}

	private RestTestClient.ResponseSpec post(String tenant, String body) {
		return this.client.post()
			.uri("/v2/ml/detectors/preview")
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_WRITE))
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> anomalies(Map<String, Object> preview) {
		return (List<Map<String, Object>>) preview.get("anomalies");
	}

	@SuppressWarnings("unchecked")
	private static double total(Map<String, Object> preview) {
		return ((List<Number>) preview.get("values")).stream().mapToDouble(Number::doubleValue).sum();
	}

	private List<CompletableFuture<?>> publish(String tenant, String type, Instant at, int count) {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sent.add(send(UUID.randomUUID(), tenant, type, at));
		}
		return sent;
	}

	private CompletableFuture<?> send(UUID id, String tenant, String type, Instant at) {
		String topic = type.startsWith("workflow.") ? EventTopics.WORKFLOW : EventTopics.RESOURCE;
		return this.kafka.send(CloudEventRecords.toRecord(this.topics.name(topic), "k-" + tenant, CloudEventRecords
			.event(id, EventTypes.cloudEventType(type, 1), "/test", "k", tenant, at, new byte[0])));
	}

}
