package io.strata.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.strata.e2e.AppJourneyEndToEndTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API contract: the gateway's live document is the committed
 * {@code api/openapi.json}, and every operation in it is typed, named, secured and
 * described as the SDKs need. Runs after the other end-to-end classes, whose every answer
 * was checked against the contract ({@link ApiContract}), and reports which operations
 * they exercised.
 */
@Order(Integer.MAX_VALUE)
class ApiContractEndToEndTests {

	private static final Pattern OPERATION_ID = Pattern.compile("[a-z][a-zA-Z]+");

	/** What an app's journey calls: the suite must check these answers at least. */
	private static final Set<String> WHAT_APPS_CALL = Set.of("login", "createResourceType", "createResource",
			"getResource", "replaceResource", "updateResource", "deleteResource", "listResources", "runResourceAction",
			"getOperation", "createWebhookEndpoint", "listWebhookEndpoints", "getWebhookEndpoint", "listEvents",
			"getMetrics");

	private static final Pattern WIRE_NAME = Pattern.compile("[a-z][a-z0-9_]*|\\$schema");

	@Test
	void theGatewayServesTheCommittedContract() throws Exception {
		String live = AppJourneyEndToEndTests.send("GET", "/docs/openapi.json", null, null).body();
		if (!json.readTree(live).equals(ApiContract.document())) {
			Path fresh = Path.of("target", "openapi.json");
			Files.writeString(fresh, live);
			throw new AssertionError("The API document changed. If the change is meant, review it and commit it: cp "
					+ "e2e-tests/" + fresh + " api/openapi.json (a breaking change also needs a new API version)");
		}
	}

	@Test
	void everyOperationIsNamedTypedAndSecured() {
		List<String> findings = new ArrayList<>();
		Set<String> ids = new HashSet<>();
		ApiContract.operations().forEach((route, operation) -> {
			String id = operation.path("operationId").asString("");
			if (!OPERATION_ID.matcher(id).matches() || !ids.add(id)) {
				findings.add(route + ": operationId '" + id + "' is missing, not camelCase or not unique");
			}
			if (operation.path("summary").asString("").isBlank()) {
				findings.add(route + ": no summary");
			}
			if (!operation.has("security") || operation.path("tags").isEmpty()) {
				findings.add(route + ": no security or no tag");
			}
			operation.path("responses").properties().forEach((answer) -> {
				JsonNode schema = answer.getValue().path("content").path("application/json").path("schema");
				if (answer.getKey().startsWith("2") && !schema.isMissingNode() && !named(schema)) {
					findings.add(route + " " + answer.getKey() + ": the answer is not a named schema: " + schema);
				}
			});
		});
		ApiContract.document().path("components").path("schemas").properties().forEach((schema) -> {
			if (!schema.getKey().equals("Problem")) {
				schema.getValue()
					.path("properties")
					.propertyNames()
					.stream()
					.filter((name) -> !WIRE_NAME.matcher(name).matches())
					.forEach((name) -> findings.add(schema.getKey() + "." + name + " is not a snake_case wire name"));
			}
		});
		assertThat(findings).isEmpty();
	}

	@Test
	void reportWhatTheSuiteExercised() throws Exception {
		Map<String, String> report = new TreeMap<>();
		ApiContract.operations().forEach((route, operation) -> {
			Set<Integer> statuses = ApiContract.covered.get(operation.path("operationId").asString(route));
			report.put(route, (statuses != null) ? new TreeMap<>(Map.of("statuses", statuses)).toString() : "-");
		});
		long exercised = report.values().stream().filter((value) -> !value.equals("-")).count();
		StringBuilder text = new StringBuilder();
		report.forEach((route, statuses) -> text.append(route).append(' ').append(statuses).append('\n'));
		Files.writeString(Path.of("target", "contract-coverage.txt"), text);
		System.out.printf(
				"API contract: %d of %d operations exercised by the end-to-end suite, every answer "
						+ "checked against api/openapi.json (target/contract-coverage.txt)%n",
				exercised, report.size());
		assertThat(ApiContract.covered.keySet()).as("operations the suite exercised").containsAll(WHAT_APPS_CALL);
	}

	private static boolean named(JsonNode schema) {
		if (schema.has("$ref")) {
			return true;
		}
		return "array".equals(schema.path("type").asString("")) && schema.path("items").has("$ref");
	}

}
