package io.strata.workflow.resourcetype;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventTopics;
import io.strata.proto.resource.v1.ResourceTypeChanged;
import io.strata.testsupport.KafkaTestConsumer;
import io.strata.workflow.WorkflowIntegrationTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Resource types: define, check, version, list, retire, and their events. */
class ResourceTypeIntegrationTests extends WorkflowIntegrationTest {

	@Autowired
	EventTopics topics;

	@Value("${spring.kafka.bootstrap-servers}")
	String kafka;

	static final String WORKFLOW = "{\"steps\": [{\"name\": \"stamp\", \"type\": \"resource.set\","
			+ " \"input\": {\"attributes\": {\"approved_by\": \"input.approver\"}}}]}";

	@Test
	void aReadOnlyTokenCannotDefineTypesEvenWhenItSkipsTheGateway() {
		String tenant = newTenant();
		this.client.post()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(tenant, "resources.read"))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("""
					{"name": "ticket", "schema": {"type": "object"}, "lifecycle": {"initial": "a", "states": ["a"]}}""")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("This route needs one of the scopes: resources.write");
		// reading is what the token is for; a token without any of the table's scopes
		// reads nothing
		this.client.get()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(tenant, "resources.read"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token(tenant, "webhooks.write"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void definesVersionsListsAndRetires() throws Exception {
		String tenant = newTenant();
		defineTicket(tenant, "ticket", WORKFLOW);
		Map<String, Object> type = get(tenant, "/v2/resource-types/ticket");
		assertThat(type).containsEntry("name", "ticket").containsEntry("version", 1).containsEntry("retired", false);
		post(tenant, "/v2/resource-types", """
				{"name": "ticket", "schema": {"type": "object"}, "lifecycle": {"initial": "a", "states": ["a"]}}""",
				409);
		this.client.put()
			.uri("/v2/resource-types/ticket")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("""
					{"schema": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}},
					 "lifecycle": {"initial": "open", "states": ["open", "closed"]}}""")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"2\"")
			.expectBody()
			.jsonPath("$.version")
			.isEqualTo(2);
		assertThat(get(tenant, "/v2/resource-types/ticket?version=1")).containsEntry("version", 1);
		defineTicket(tenant, "bug", WORKFLOW);
		Map<String, Object> page = get(tenant, "/v2/resource-types?page_size=1");
		assertThat((List<?>) page.get("items")).hasSize(1);
		assertThat(page.get("next_page_token")).isNotNull();
		Map<String, Object> second = get(tenant,
				"/v2/resource-types?page_size=1&page_token=" + page.get("next_page_token"));
		assertThat((List<?>) second.get("items")).hasSize(1);
		assertThat(second.get("next_page_token")).isNull();
		post(tenant, "/v2/resource-types/ticket/retire", "{}", 200);
		post(tenant, "/v2/resources", "{\"type\": \"ticket\", \"attributes\": {\"title\": \"t\"}}", 400);
		assertThat(get(newTenant(), "/v2/resource-types")).containsEntry("items", List.of());

		List<ConsumerRecord<String, byte[]>> events = await(() -> KafkaTestConsumer
			.read(this.kafka, this.topics.name(EventTopics.RESOURCE), 1000, Duration.ofSeconds(2))
			.stream()
			.filter((record) -> "type:ticket".equals(record.key())
					&& tenant.equals(CloudEventRecords.tenant(CloudEventRecords.fromRecord(record))))
			.toList(), (records) -> records.size() >= 3, Duration.ofSeconds(20));
		ResourceTypeChanged retired = ResourceTypeChanged
			.parseFrom(CloudEventRecords.fromRecord(events.get(2)).getData().toBytes());
		assertThat(CloudEventRecords.fromRecord(events.get(2)).getType())
			.isEqualTo("io.strata.resource.type_changed.v1");
		assertThat(retired.getResourceType().getVersion()).isEqualTo(2);
		assertThat(retired.getResourceType().getRetired()).isTrue();
	}

	static final String NOTE_SCHEMA = """
			{"type": "object", "properties": {"title": {"type": "string"}, "notes": {"type": ["string", "null"]},
			                                  "size": {"type": "integer"}, "tags": {"type": "array"}}}""";

	static final String LIFECYCLE = "{\"initial\": \"a\", \"states\": [\"a\"]}";

	@Test
	void keepsTextAttributesPerVersionAndPublishesThem() throws Exception {
		String tenant = newTenant();
		Map<String, Object> defined = post(tenant, "/v2/resource-types", """
				{"name": "note", "schema": %s, "lifecycle": %s, "text_attributes": ["title"]}""".formatted(NOTE_SCHEMA,
				LIFECYCLE), 201);
		assertThat(defined).containsEntry("text_attributes", List.of("title"));
		this.client.put()
			.uri("/v2/resource-types/note")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("""
					{"schema": %s, "lifecycle": %s, "text_attributes": ["notes", "title"]}""".formatted(NOTE_SCHEMA,
					LIFECYCLE))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.text_attributes")
			.isEqualTo(List.of("notes", "title"));
		assertThat(get(tenant, "/v2/resource-types/note?version=1")).containsEntry("text_attributes", List.of("title"));
		assertThat(get(tenant, "/v2/resource-types/note")).containsEntry("text_attributes", List.of("notes", "title"));
		post(tenant, "/v2/resource-types", """
				{"name": "plain", "schema": %s, "lifecycle": %s}""".formatted(NOTE_SCHEMA, LIFECYCLE), 201);
		assertThat(get(tenant, "/v2/resource-types/plain")).containsEntry("text_attributes", List.of());

		List<ConsumerRecord<String, byte[]>> events = await(() -> KafkaTestConsumer
			.read(this.kafka, this.topics.name(EventTopics.RESOURCE), 1000, Duration.ofSeconds(2))
			.stream()
			.filter((record) -> "type:note".equals(record.key())
					&& tenant.equals(CloudEventRecords.tenant(CloudEventRecords.fromRecord(record))))
			.toList(), (records) -> records.size() >= 2, Duration.ofSeconds(20));
		assertThat(ResourceTypeChanged.parseFrom(CloudEventRecords.fromRecord(events.get(1)).getData().toBytes())
			.getResourceType()
			.getTextAttributesList()).containsExactly("notes", "title");
	}

	@Test
	void refusesTextAttributesThatAreNotStringPropertiesOfTheSchema() {
		String tenant = newTenant();
		this.client.post()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("""
					{"name": "note", "schema": %s, "lifecycle": %s,
					 "text_attributes": ["title", "missing", "size", "tags", "title", ""]}""".formatted(NOTE_SCHEMA,
					LIFECYCLE))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(5)
			.jsonPath("$.errors[?(@.pointer == '/text_attributes/1')].message")
			.isEqualTo(List.of("'missing' is not in the schema's properties"))
			.jsonPath("$.errors[?(@.pointer == '/text_attributes/2')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/text_attributes/3')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/text_attributes/4')].message")
			.isEqualTo(List.of("names 'title' twice"))
			.jsonPath("$.errors[?(@.pointer == '/text_attributes/5')]")
			.exists();
		String tooMany = String.join(", ", Collections.nCopies(TextAttributes.MAX + 1, "\"title\""));
		post(tenant, "/v2/resource-types", """
				{"name": "note", "schema": %s, "lifecycle": %s, "text_attributes": [%s]}""".formatted(NOTE_SCHEMA,
				LIFECYCLE, tooMany), 400);
		// nothing was defined
		this.client.get()
			.uri("/v2/resource-types/note")
			.header(HttpHeaders.AUTHORIZATION, bearer(tenant))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void reportsEveryMistakeOfADefinition() {
		this.client.post()
			.uri("/v2/resource-types")
			.header(HttpHeaders.AUTHORIZATION, bearer(newTenant()))
			.header(HttpHeaders.CONTENT_TYPE, "application/json")
			.body("""
					{"name": "Bad Name",
					 "schema": {"type": "objekt"},
					 "lifecycle": {"initial": "nowhere", "states": ["open"],
					               "actions": {"go": {"from": ["open", "gone"], "to": "open",
					                                  "workflow": {"steps": [
					                                     {"name": "a", "type": "resource.set", "input": {"attributes": {"x": "input."}}},
					                                     {"name": "b", "type": "teleport"}]}}}}}""")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.pointer == '/name')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer =~ /\\/schema.*/)]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/lifecycle/initial')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/lifecycle/actions/go/from/1')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/lifecycle/actions/go/workflow/steps/0/input/attributes/x')]")
			.exists()
			.jsonPath("$.errors[?(@.pointer == '/lifecycle/actions/go/workflow/steps/1/type')]")
			.exists();
	}

}
