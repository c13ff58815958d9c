package io.strata.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own OpenAPI document keeps the API contract: stable operation ids, a
 * documented success, JSON answers typed by named components, snake_case properties.
 */
class ApiDocumentTests extends NotificationIntegrationTest {

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

	/** The one camelCase member of the wire: the problem's traceId (ARCHITECTURE §3). */
	private static final String PROBLEM_TRACE_ID = "Problem.traceId";

	@Test
	void everyV2OperationKeepsTheContract() {
		String text = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode document = JsonMapper.shared().readTree(text);
		JsonNode schemas = document.path("components").path("schemas");
		List<String> problems = new ArrayList<>();
		int operations = 0;
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			if (!path.getKey().startsWith("/v2/")) {
				continue;
			}
			for (String method : METHODS) {
				JsonNode operation = path.getValue().path(method);
				if (operation.isMissingNode()) {
					continue;
				}
				operations++;
				String where = method.toUpperCase() + " " + path.getKey();
				String id = operation.path("operationId").asString("");
				if (!id.matches("[a-z][A-Za-z]*")) {
					problems.add(where + ": operationId '" + id + "' is not a camelCase id without a numeric suffix");
				}
				boolean success = false;
				for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
					success |= response.getKey().startsWith("2");
					for (Map.Entry<String, JsonNode> content : response.getValue().path("content").properties()) {
						if (content.getKey().equals("text/event-stream")) {
							continue;
						}
						if (!named(content.getValue().path("schema"), schemas)) {
							problems.add(where + " " + response.getKey() + " " + content.getKey()
									+ ": the schema is not a named component: " + content.getValue().path("schema"));
						}
					}
				}
				if (!success) {
					problems.add(where + ": no 2xx response");
				}
			}
		}
		for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
			uppercaseProperties(schema.getKey(), schema.getValue(), problems);
		}
		assertThat(operations).isPositive();
		assertThat(problems).isEmpty();
	}

	private static boolean named(JsonNode schema, JsonNode schemas) {
		if (schema.isMissingNode()) {
			return false;
		}
		String ref = schema.path("$ref").asString("");
		if (ref.startsWith("#/components/schemas/")) {
			return schemas.has(ref.substring("#/components/schemas/".length()));
		}
		return "array".equals(schema.path("type").asString("")) && named(schema.path("items"), schemas);
	}

	private static void uppercaseProperties(String where, JsonNode schema, List<String> problems) {
		for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
			if (!property.getKey().equals(property.getKey().toLowerCase())
					&& !PROBLEM_TRACE_ID.equals(where + "." + property.getKey())) {
				problems.add(where + "." + property.getKey() + ": property name with an uppercase letter");
			}
			uppercaseProperties(where + "." + property.getKey(), property.getValue(), problems);
		}
		if (schema.has("items")) {
			uppercaseProperties(where + "[]", schema.path("items"), problems);
		}
	}

}
