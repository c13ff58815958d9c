package io.strata.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The committed contract, {@code api/openapi.json}, checked against real answers: every
 * answer the end-to-end suite receives from a documented operation must have a documented
 * status and a body its schema accepts. The operations seen are counted for the report.
 */
final class ApiContract {

	static final Path FILE = Path.of("..", "api", "openapi.json");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
			(builder) -> builder
				.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build())
				.schemaLoader((loader) -> loader.fetchRemoteResources(false)));

	private static final JsonNode document = read();

	private static final List<Route> routes = routes();

	private static final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	/** operationId → statuses seen. */
	static final Map<String, Set<Integer>> covered = new ConcurrentHashMap<>();

	private ApiContract() {
	}

	static JsonNode document() {
		return document;
	}

	/** Every operation of the contract: {@code METHOD path} → operation. */
	static Map<String, JsonNode> operations() {
		Map<String, JsonNode> operations = new java.util.TreeMap<>();
		document.path("paths")
			.properties()
			.forEach((path) -> path.getValue()
				.properties()
				.forEach((method) -> operations.put(method.getKey().toUpperCase() + " " + path.getKey(),
						method.getValue())));
		return operations;
	}

	/**
	 * Checks one answer against the contract.
	 * @throws AssertionError naming the operation, status and every violation
	 */
	static void check(String method, String uri, HttpResponse<String> response) {
		String path = URI.create(uri).getRawPath();
		Optional<Route> route = routes.stream()
			.filter((candidate) -> candidate.method().equals(method) && candidate.pattern().matcher(path).matches())
			.min(Comparator.comparingInt(Route::variables));
		if (route.isEmpty()) {
			return;
		}
		JsonNode operation = route.get().operation();
		String operationId = operation.path("operationId").asString(method + " " + route.get().template());
		int status = response.statusCode();
		covered.computeIfAbsent(operationId, (id) -> ConcurrentHashMap.newKeySet()).add(status);
		JsonNode answer = resolve(operation.path("responses").path(String.valueOf(status)));
		if (answer.isMissingNode()) {
			answer = resolve(operation.path("responses").path("default"));
		}
		String where = method + " " + path + " (" + operationId + ") answered " + status;
		if (answer.isMissingNode()) {
			throw new AssertionError(where + ", a status the contract does not document: " + response.body());
		}
		String contentType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
		if (response.body().isEmpty() || method.equals("HEAD")) {
			return;
		}
		JsonNode media = answer.path("content").path(contentType);
		if (media.isMissingNode()) {
			throw new AssertionError(where + " with " + contentType + ", which the contract does not name there: "
					+ abbreviate(response.body()));
		}
		if (!contentType.endsWith("json") || !media.has("schema")) {
			return;
		}
		String key = operationId + " " + status + " " + contentType;
		Schema schema = schemas.computeIfAbsent(key, (k) -> compile(media.get("schema")));
		List<Error> errors = schema.validate(json.readTree(response.body()));
		if (!errors.isEmpty()) {
			List<String> messages = new ArrayList<>();
			errors.stream()
				.limit(10)
				.forEach((error) -> messages.add(error.getInstanceLocation() + " " + error.getMessage()));
			throw new AssertionError(where + " with a body the contract's schema refuses: " + messages + " in "
					+ abbreviate(response.body()));
		}
	}

	private static JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		while (current.has("$ref")) {
			current = document.at(current.get("$ref").asString().substring(1));
		}
		return current;
	}

	private static Schema compile(JsonNode schema) {
		ObjectNode root = json.createObjectNode();
		root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
		root.setAll((ObjectNode) schema.deepCopy());
		root.set("components", document.path("components").deepCopy());
		return registry.getSchema(root);
	}

	private static List<Route> routes() {
		List<Route> routes = new ArrayList<>();
		document.path("paths").properties().forEach((path) -> {
			String template = path.getKey();
			Pattern pattern = Pattern
				.compile("^" + Pattern.quote(template).replaceAll("\\{[^}/]+\\}", "\\\\E[^/]+\\\\Q") + "$");
			int variables = (int) template.chars().filter((c) -> c == '{').count();
			path.getValue()
				.properties()
				.forEach((method) -> routes
					.add(new Route(method.getKey().toUpperCase(), template, pattern, variables, method.getValue())));
		});
		return routes;
	}

	private static JsonNode read() {
		try {
			return json.readTree(Files.readString(FILE));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Cannot read the contract " + FILE.toAbsolutePath(), ex);
		}
	}

	private static String abbreviate(String body) {
		return (body.length() > 400) ? body.substring(0, 400) + "…" : body;
	}

	private record Route(String method, String template, Pattern pattern, int variables, JsonNode operation) {
	}

}
