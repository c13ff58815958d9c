package io.strata.testsupport;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The rules every service's OpenAPI document keeps so that the merged contract
 * ({@code api/openapi.json}) can be the SDKs' source: each {@code /v2} operation has a
 * unique camelCase operationId (no numeric suffix), a documented success, JSON answers
 * typed by named components, and every documented property its snake_case wire name. Each
 * service's document test fetches its {@code /v3/api-docs} and asserts
 * {@link #violations} is empty.
 */
public final class ApiDocumentRules {

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

	private static final String COMPONENTS = "#/components/schemas/";

	/** The one camelCase member of the wire: the problem's traceId (ARCHITECTURE §3). */
	private static final String PROBLEM_TRACE_ID = "Problem.traceId";

	private ApiDocumentRules() {
	}

	/**
	 * The service's own document ({@code GET /v3/api-docs}), as its test client sees it.
	 */
	public static String document(RestTestClient client) {
		return client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** What the document breaks, one line each; empty when it keeps every rule. */
	public static List<String> violations(String documentJson) {
		JsonNode document = JsonMapper.shared().readTree(documentJson);
		JsonNode schemas = document.path("components").path("schemas");
		List<String> problems = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
			if (!path.getKey().startsWith("/v2/")) {
				continue;
			}
			for (String method : METHODS) {
				JsonNode operation = path.getValue().path(method);
				if (!operation.isMissingNode()) {
					operation(method.toUpperCase(Locale.ROOT) + " " + path.getKey(), operation, schemas, ids, problems);
				}
			}
		}
		if (ids.isEmpty()) {
			problems.add("the document has no /v2 operation");
		}
		for (Map.Entry<String, JsonNode> schema : schemas.properties()) {
			uppercaseProperties(schema.getKey(), schema.getValue(), problems);
		}
		return problems;
	}

	private static void operation(String where, JsonNode operation, JsonNode schemas, Set<String> ids,
			List<String> problems) {
		String id = operation.path("operationId").asString("");
		if (!id.matches("[a-z][A-Za-z]*") || !ids.add(id)) {
			problems.add(where + ": operationId '" + id + "' is not a unique camelCase id without a numeric suffix");
		}
		boolean success = false;
		for (Map.Entry<String, JsonNode> response : operation.path("responses").properties()) {
			success |= response.getKey().startsWith("2");
			for (Map.Entry<String, JsonNode> content : response.getValue().path("content").properties()) {
				if (content.getKey().endsWith("json") && !named(content.getValue().path("schema"), schemas)) {
					problems.add(where + " " + response.getKey() + " " + content.getKey()
							+ ": the schema is not a named component: " + content.getValue().path("schema"));
				}
			}
		}
		if (!success) {
			problems.add(where + ": no 2xx response");
		}
	}

	/** A $ref to a component with properties of its own, or an array of one. */
	private static boolean named(JsonNode schema, JsonNode schemas) {
		String ref = schema.path("$ref").asString("");
		if (ref.startsWith(COMPONENTS)) {
			JsonNode component = schemas.path(ref.substring(COMPONENTS.length()));
			return !component.isMissingNode() && !(component.path("properties").isEmpty()
					&& component.path("oneOf").isEmpty() && component.has("additionalProperties"));
		}
		return "array".equals(schema.path("type").asString("")) && named(schema.path("items"), schemas);
	}

	private static void uppercaseProperties(String where, JsonNode schema, List<String> problems) {
		for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
			if (!property.getKey().equals(property.getKey().toLowerCase(Locale.ROOT))
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
