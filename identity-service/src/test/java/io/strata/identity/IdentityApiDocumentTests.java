package io.strata.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Identity's own OpenAPI document keeps the API contract (issue 14): every {@code /v2}
 * operation has a stable id, a documented success answer and named JSON schemas, and
 * every documented property has its snake_case wire name.
 */
class IdentityApiDocumentTests extends IdentityIntegrationTest {

	private static final Pattern NUMERIC_SUFFIX = Pattern.compile(".*_\\d+$|.*\\d+$");

	private static final String COMPONENTS = "#/components/schemas/";

	/**
	 * The platform's problem (ApiConventions) documents its {@code traceId} extension as
	 * the wire spells it; that name is the platform's, not identity's.
	 */
	private static final List<String> PLATFORM_NAMES = List.of("Problem.traceId");

	private JsonNode document;

	@BeforeEach
	void fetch() {
		String body = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		this.document = JsonMapper.builder().build().readTree(body);
	}

	@Test
	void everyV2OperationHasAStableIdAndASuccessAnswer() {
		List<String> problems = new ArrayList<>();
		List<String> ids = new ArrayList<>();
		v2Operations().forEach((where, operation) -> {
			String id = operation.path("operationId").asString("");
			if (id.isEmpty() || NUMERIC_SUFFIX.matcher(id).matches()) {
				problems.add(where + ": operationId '" + id + "'");
			}
			ids.add(id);
			if (operation.path("responses").propertyNames().stream().noneMatch((status) -> status.startsWith("2"))) {
				problems.add(where + ": no 2xx response");
			}
		});
		assertThat(problems).isEmpty();
		assertThat(ids).doesNotHaveDuplicates()
			.contains("login", "verifyMfa", "refreshToken", "logout", "requestPasswordReset", "confirmPasswordReset",
					"listUsers", "createUser", "getUser", "updateUser", "deleteUser", "listApiKeys", "createApiKey",
					"revokeApiKey", "listClients", "createClient", "deleteClient");
	}

	@Test
	void everyV2JsonAnswerIsANamedSchema() {
		List<String> problems = new ArrayList<>();
		v2Operations().forEach((where, operation) -> {
			for (String status : operation.path("responses").propertyNames()) {
				JsonNode content = operation.path("responses").path(status).path("content");
				for (String mediaType : content.propertyNames()) {
					if (!mediaType.endsWith("json") || mediaType.contains("problem")) {
						continue;
					}
					JsonNode schema = content.path(mediaType).path("schema");
					if (!named(schema)) {
						problems.add(where + " " + status + " " + mediaType + ": " + schema);
					}
				}
			}
		});
		assertThat(problems).isEmpty();
	}

	@Test
	void everyDocumentedPropertyHasItsWireName() {
		List<String> problems = new ArrayList<>();
		JsonNode schemas = this.document.at("/components/schemas");
		for (String name : schemas.propertyNames()) {
			for (String property : schemas.path(name).path("properties").propertyNames()) {
				if (!property.equals(property.toLowerCase(java.util.Locale.ROOT))
						&& !PLATFORM_NAMES.contains(name + "." + property)) {
					problems.add(name + "." + property);
				}
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void scimIsDocumentedAsScim() {
		JsonNode list = this.document.at("/paths/~1scim~1v2~1Users/get");
		assertThat(list.path("operationId").asString()).isEqualTo("scimListUsers");
		assertThat(list.at("/responses/200/content/application~1scim+json/schema/$ref").asString())
			.startsWith(COMPONENTS);
		this.document.at("/paths").propertyNames().forEach((path) -> assertThat(path).doesNotContain("**"));
	}

	/** A $ref to a component, or an array or a page of one. */
	private boolean named(JsonNode schema) {
		String ref = schema.path("$ref").asString("");
		if (ref.startsWith(COMPONENTS)) {
			JsonNode component = this.document.at("/components/schemas/" + ref.substring(COMPONENTS.length()));
			return !component.isMissingNode() && !onlyAdditionalProperties(component);
		}
		if ("array".equals(schema.path("type").asString(""))) {
			return named(schema.path("items"));
		}
		return false;
	}

	private static boolean onlyAdditionalProperties(JsonNode schema) {
		return schema.path("properties").isEmpty() && schema.path("oneOf").isEmpty() && schema.path("allOf").isEmpty()
				&& schema.has("additionalProperties");
	}

	private Map<String, JsonNode> v2Operations() {
		Map<String, JsonNode> operations = new java.util.LinkedHashMap<>();
		JsonNode paths = this.document.path("paths");
		for (String path : paths.propertyNames()) {
			if (!path.startsWith("/v2/")) {
				continue;
			}
			for (String method : paths.path(path).propertyNames()) {
				if (List.of("get", "put", "post", "patch", "delete").contains(method)) {
					operations.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path,
							paths.path(path).path(method));
				}
			}
		}
		assertThat(operations).isNotEmpty();
		return operations;
	}

}
