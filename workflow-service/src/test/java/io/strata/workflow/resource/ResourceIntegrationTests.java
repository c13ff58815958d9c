package io.strata.workflow.resource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceDeleted;
import io.strata.proto.resource.v1.ResourceUpdated;
import io.strata.testsupport.KafkaTestConsumer;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource API on real PostgreSQL and Kafka: schema validation with every violation,
 * ETag/If-Match concurrency, merge patch, tombstones, events through the outbox and
 * tenant isolation by row-level security.
 */
class ResourceIntegrationTests extends WorkflowIntegrationTest {

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	EventTopics topics;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	String tenant;

	@BeforeEach
	void ticketType() {
		this.tenant = newTenant();
		defineTicket(this.tenant, "ticket", "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
				+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}");
	}

	@Test
	void createsAResourceInTheIssuesShape() {
		this.client.post()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("{\"type\": \"ticket\", \"attributes\": {\"title\": \"Broken login\", \"priority\": 2}}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectHeader()
			.valueMatches(HttpHeaders.LOCATION, "/v2/resources/.+")
			.expectBody()
			.jsonPath("$.id")
			.isNotEmpty()
			.jsonPath("$.type")
			.isEqualTo("ticket")
			.jsonPath("$.type_version")
			.isEqualTo(1)
			.jsonPath("$.state")
			.isEqualTo("open")
			.jsonPath("$.attributes.title")
			.isEqualTo("Broken login")
			.jsonPath("$.version")
			.isEqualTo(1)
			.jsonPath("$.created_at")
			.isNotEmpty()
			.jsonPath("$.updated_at")
			.isNotEmpty()
			.jsonPath("$.tenant_id")
			.isEqualTo(this.tenant);
	}

	@Test
	void reportsEveryViolationWithAPointer() {
		this.client.post()
			.uri("/v2/resources")
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("{\"type\": \"ticket\", \"attributes\": {\"priority\": 9}}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith("application/problem+json")
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.pointer == '/attributes/title')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/attributes/priority')]")
			.exists();
		post(this.tenant, "/v2/resources", "{\"type\": \"nope\", \"attributes\": {}}", 400);
		post(this.tenant, "/v2/resources", "{\"type\": ", 400);
	}

	@Test
	void ifMatchIsOptionalButAStaleOneFailsItsPrecondition() {
		String id = createTicket(this.tenant, "ticket", "first");
		String uri = "/v2/resources/" + id;
		this.client.put()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("{\"attributes\": {\"title\": \"second\"}}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"");
		this.client.put()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "\"2\"")
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("{\"attributes\": {\"title\": \"second\", \"priority\": 3}}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"3\"")
			.expectBody()
			.jsonPath("$.attributes.title")
			.isEqualTo("second");
		this.client.patch()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body("{\"attributes\": {\"title\": \"stale\"}}")
			.exchange()
			.expectStatus()
			.isEqualTo(412)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://strata.io/problems/precondition-failed")
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("\"3\""));
		this.client.patch()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\", W/\"3\"")
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body("{\"attributes\": {\"priority\": null, \"note\": \"x\"}}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.attributes.title")
			.isEqualTo("second")
			.jsonPath("$.attributes.priority")
			.doesNotExist()
			.jsonPath("$.attributes.note")
			.isEqualTo("x")
			.jsonPath("$.version")
			.isEqualTo(4);
		this.client.patch()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "*")
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body("{\"attributes\": {\"title\": null}}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].pointer")
			.isEqualTo("/attributes/title");
		this.client.delete()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "4")
			.exchange()
			.expectStatus()
			.isEqualTo(412);
		this.client.delete()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.exchange()
			.expectStatus()
			.isNoContent();
		this.client.get()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void everyChangePublishesItsEventKeyedByTheResource() throws Exception {
		String id = createTicket(this.tenant, "ticket", "evented");
		this.client.patch()
			.uri("/v2/resources/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "\"1\"")
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body("{\"attributes\": {\"priority\": 5}}")
			.exchange()
			.expectStatus()
			.isOk();
		this.client.delete()
			.uri("/v2/resources/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.tenant))
			.header(HttpHeaders.IF_MATCH, "\"2\"")
			.exchange()
			.expectStatus()
			.isNoContent();
		List<ConsumerRecord<String, byte[]>> mine = await(() -> KafkaTestConsumer
			.read(this.kafka, this.topics.name(EventTopics.RESOURCE), 1000, Duration.ofSeconds(2))
			.stream()
			.filter((record) -> id.equals(record.key()))
			.toList(), (records) -> records.size() >= 3, Duration.ofSeconds(20));
		assertThat(mine).extracting((record) -> CloudEventRecords.fromRecord(record).getType())
			.containsExactly("io.strata.resource.created.v1", "io.strata.resource.updated.v1",
					"io.strata.resource.deleted.v1");
		ResourceCreated created = ResourceCreated
			.parseFrom(CloudEventRecords.fromRecord(mine.get(0)).getData().toBytes());
		assertThat(created.getResource().getAttributes().getFieldsOrThrow("title").getStringValue())
			.isEqualTo("evented");
		assertThat(CloudEventRecords.tenant(CloudEventRecords.fromRecord(mine.get(0)))).isEqualTo(this.tenant);
		ResourceUpdated updated = ResourceUpdated
			.parseFrom(CloudEventRecords.fromRecord(mine.get(1)).getData().toBytes());
		assertThat(updated.getResource().getVersion()).isEqualTo(2);
		ResourceDeleted deleted = ResourceDeleted
			.parseFrom(CloudEventRecords.fromRecord(mine.get(2)).getData().toBytes());
		assertThat(deleted.getVersion()).isEqualTo(3);
	}

	@Test
	void anotherTenantGets404AndATenantlessQuerySeesNothing() {
		String id = createTicket(this.tenant, "ticket", "secret");
		String other = newTenant();
		this.client.get()
			.uri("/v2/resources/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(other))
			.exchange()
			.expectStatus()
			.isNotFound();
		this.client.patch()
			.uri("/v2/resources/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer(other))
			.header(HttpHeaders.IF_MATCH, "*")
			.header(HttpHeaders.CONTENT_TYPE, "application/merge-patch+json")
			.body("{\"attributes\": {\"title\": \"hijack\"}}")
			.exchange()
			.expectStatus()
			.isNotFound();
		List<Map<String, Object>> seen = this.transactions.execute((status) -> {
			this.jdbc.execute("SET LOCAL ROLE strata_app");
			return this.jdbc.queryForList("SELECT id FROM resource");
		});
		assertThat(seen).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM resource WHERE id = ?", Long.class, id)).isEqualTo(1);
		this.client.get().uri("/v2/resources/" + id).exchange().expectStatus().isUnauthorized();
	}

}
