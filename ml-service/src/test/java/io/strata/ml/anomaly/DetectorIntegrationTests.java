package io.strata.ml.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.strata.ml.MlIntegrationTest;
import io.strata.ml.support.TopicRecords;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.platform.events.EventTypes;
import io.strata.platform.security.RouteScopes;
import io.strata.proto.ml.v1.AnomalyDetected;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Saved detectors on real Kafka and Redis: CRUD and tenant isolation, and a tenfold spike
 * reported by the scheduled evaluation as an anomaly and as an
 * {@code io.strata.ml.anomaly.detected.v1} event on {@code ml.events}.
 */
class DetectorIntegrationTests extends MlIntegrationTest {

	@Autowired
	KafkaTemplate<String, byte[]> kafka;

	@Autowired
	EventTopics topics;

	@Autowired
	EvaluatingDetectors evaluating;

	@Autowired
	DetectorStore store;

	@Value("${spring.kafka.bootstrap-servers}")
	String bootstrap;

	@Test
	void aSpikeIsReportedAsAnAnomalyAndAnEvent() throws Exception {
		String tenant = newTenant();
		String id = create(tenant, "{\"name\": \"ticket storm\", \"metric\": {\"event_type\": \"resource.created\"}, "
				+ "\"interval\": \"1m\", \"sensitivity\": \"medium\"}");
		Instant spike = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int minute = 31; minute >= 1; minute--) {
			sent.addAll(publish(tenant, spike.minus(minute, ChronoUnit.MINUTES).plusSeconds(5), 5));
		}
		sent.addAll(publish(tenant, spike.plusSeconds(5), 50));
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(anomalies(tenant, id)).isNotEmpty());
		// the value is the count when the interval was judged: the spike's events may
		// still
		// have been arriving, but only an anomalous count is reported
		double value = ((Number) anomalies(tenant, id).getFirst().get("value")).doubleValue();
		assertThat(anomalies(tenant, id)).singleElement().satisfies((anomaly) -> {
			assertThat(anomaly.get("start")).isEqualTo(spike.toString());
			assertThat(value).isBetween(5 + 4.5 * Math.sqrt(5), 50.0);
			assertThat(((Number) anomaly.get("expected")).doubleValue()).isEqualTo(5);
		});
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			List<AnomalyDetected> events = new ArrayList<>();
			for (ConsumerRecord<String, byte[]> record : TopicRecords.readAll(this.bootstrap,
					this.topics.name(EventTopics.ML))) {
				CloudEvent event = CloudEventRecords.fromRecord(record);
				if (tenant.equals(CloudEventRecords.tenant(event))) {
					assertThat(event.getType()).isEqualTo("io.strata.ml.anomaly.detected.v1");
					events.add(AnomalyDetected.parseFrom(event.getData().toBytes()));
				}
			}
			assertThat(events).singleElement().satisfies((event) -> {
				assertThat(event.getDetectorId()).isEqualTo(id);
				assertThat(event.getDetectorName()).isEqualTo("ticket storm");
				assertThat(event.getEventType()).isEqualTo("resource.created");
				assertThat(event.getIntervalStart().getSeconds()).isEqualTo(spike.getEpochSecond());
				assertThat(event.getValue()).isEqualTo(value);
			});
		});
		// judged again, the same interval is not reported twice
		Detector detector = this.store.find(tenant, id).orElseThrow();
		assertThat(this.evaluating.evaluate(detector, Instant.now())).isEmpty();
	}

	@Test
	void aFlatSeriesReportsNothing() throws Exception {
		String tenant = newTenant();
		String id = create(tenant, "{\"name\": \"steady\", \"metric\": {\"event_type\": \"resource.created\"}}");
		Instant last = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int minute = 31; minute >= 0; minute--) {
			sent.addAll(publish(tenant, last.minus(minute, ChronoUnit.MINUTES).plusSeconds(5), 5));
		}
		CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		Detector detector = this.store.find(tenant, id).orElseThrow();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(
					this.evaluating.evaluate(detector, last.plus(1, ChronoUnit.MINUTES).plusSeconds(15)).isEmpty()
							&& counted(tenant, 160))
				.isTrue());
		assertThat(anomalies(tenant, id)).isEmpty();
	}

	@Test
	void detectorsAreTheTenantsOwnAndCheckedLikeEveryResource() {
		String tenant = newTenant();
		String other = newTenant();
		String first = create(tenant, "{\"name\": \"a\", \"metric\": {\"event_type\": \"resource.created\"}}");
		String second = create(tenant,
				"{\"name\": \"b\", \"metric\": {\"event_type\": \"workflow.run_finished\"}, \"interval\": \"1h\"}");
		request(tenant, "GET", "/v2/ml/detectors/" + first, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("a")
			.jsonPath("$.metric.event_type")
			.isEqualTo("resource.created")
			.jsonPath("$.interval")
			.isEqualTo("1m")
			.jsonPath("$.sensitivity")
			.isEqualTo("medium");
		String token = request(tenant, "GET", "/v2/ml/detectors?page_size=1", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].id")
			.isEqualTo(first)
			.returnResult()
			.getResponseBody() != null ? nextToken(tenant) : null;
		request(tenant, "GET", "/v2/ml/detectors?page_size=1&page_token=" + token, null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items[0].id")
			.isEqualTo(second)
			.jsonPath("$.next_page_token")
			.doesNotExist();
		request(other, "GET", "/v2/ml/detectors/" + first, null).expectStatus().isNotFound();
		request(other, "GET", "/v2/ml/detectors/" + first + "/anomalies", null).expectStatus().isNotFound();
		request(other, "DELETE", "/v2/ml/detectors/" + first, null).expectStatus().isNotFound();
		request(other, "GET", "/v2/ml/detectors", null).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.items.length()")
			.isEqualTo(0);
		request(tenant, "DELETE", "/v2/ml/detectors/" + first, null).expectStatus().isNoContent();
		request(tenant, "GET", "/v2/ml/detectors/" + first, null).expectStatus().isNotFound();
		for (String body : List.of("{}", "{\"name\": \"x\"}", "{\"name\": \"\", \"metric\": {\"event_type\": \"a\"}}",
				"{\"name\": \"x\", \"metric\": {\"event_type\": \"a\"}, \"interval\": \"1w\"}",
				"{\"name\": \"x\", \"metric\": {\"event_type\": \"a\"}, \"sensitivity\": \"max\"}")) {
			request(tenant, "POST", "/v2/ml/detectors", body).expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
		request(tenant, "GET", "/v2/ml/detectors/" + second + "/anomalies?page_token=" + token, null).expectStatus()
			.isBadRequest();
	}

	private String nextToken(String tenant) {
		@SuppressWarnings("unchecked")
		Map<String, Object> page = request(tenant, "GET", "/v2/ml/detectors?page_size=1", null).expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		return (String) page.get("next_page_token");
	}

	private boolean counted(String tenant, int expected) {
		double[] series = this.evaluating.counts()
			.series(tenant, "resource.created",
					Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(40, ChronoUnit.MINUTES), Duration.ofMinutes(1),
					41);
		return java.util.Arrays.stream(series).sum() == expected;
	}

	private String create(String tenant, String body) {
		@SuppressWarnings("unchecked")
		Map<String, Object> created = request(tenant, "POST", "/v2/ml/detectors", body).expectStatus()
			.isCreated()
			.expectHeader()
			.exists("Location")
			.returnResult(Map.class)
			.getResponseBody();
		return (String) created.get("id");
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> anomalies(String tenant, String id) {
		Map<String, Object> page = request(tenant, "GET", "/v2/ml/detectors/" + id + "/anomalies", null).expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody();
		return (List<Map<String, Object>>) page.get("items");
	}

	private RestTestClient.ResponseSpec request(String tenant, String method, String uri, String body) {
		RestTestClient.RequestBodySpec request = this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(uri)
			.header("Authorization", "Bearer " + tokens.token(tenant, RouteScopes.ML_WRITE));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).body(body);
		}
		return request.exchange();
	}

	private List<CompletableFuture<?>> publish(String tenant, Instant at, int count) {
		List<CompletableFuture<?>> sent = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			sent.add(this.kafka.send(CloudEventRecords.toRecord(this.topics.name(EventTopics.RESOURCE), "k-" + tenant,
					CloudEventRecords.event(UUID.randomUUID(), EventTypes.cloudEventType("resource.created", 1),
							"/test", "k", tenant, at, new byte[0]))));
		}
		return sent;
	}

}
