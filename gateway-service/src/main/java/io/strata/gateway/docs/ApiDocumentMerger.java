package io.strata.gateway.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI documents into the platform's one document, the contract
 * that {@code api/openapi.json} commits and the SDKs are generated from. Paths and
 * components are united; a component two services define alike appears once, one they
 * define differently is kept under the service's prefix ({@code WorkflowThing}) with the
 * references of that service's document rewritten. Two services answering the same method
 * on the same path is an error: the gateway could route only one of them. Output is
 * sorted (paths, components, tags) so that the same services give the same bytes.
 */
final class ApiDocumentMerger {

	private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ApiDocumentMerger() {
	}

	/**
	 * @param documents each service's document, by service name
	 * @param info the merged document's {@code info}
	 */
	static ObjectNode merge(SortedMap<String, JsonNode> documents, ObjectNode info) {
		Map<String, Map<String, JsonNode>> components = new TreeMap<>();
		Map<String, ObjectNode> paths = new TreeMap<>();
		Map<String, JsonNode> tags = new TreeMap<>();
		JsonNode servers = null;
		String openapi = "3.1.0";
		for (Map.Entry<String, JsonNode> service : documents.entrySet()) {
			JsonNode document = renameConflicts(service.getKey(), service.getValue().deepCopy(), components);
			openapi = document.path("openapi").asString(openapi);
			if (servers == null && document.has("servers")) {
				servers = document.get("servers");
			}
			document.path("components")
				.properties()
				.forEach((section) -> section.getValue()
					.properties()
					.forEach((entry) -> components.computeIfAbsent(section.getKey(), (key) -> new TreeMap<>())
						.putIfAbsent(entry.getKey(), entry.getValue())));
			document.path("paths").properties().forEach((path) -> {
				ObjectNode item = paths.computeIfAbsent(path.getKey(), (key) -> NODES.objectNode());
				path.getValue().properties().forEach((method) -> {
					if (item.has(method.getKey()) && METHODS.contains(method.getKey())) {
						throw new IllegalStateException(method.getKey().toUpperCase() + " " + path.getKey()
								+ " is answered by two services, " + service.getKey() + " and another");
					}
					item.set(method.getKey(), method.getValue());
				});
			});
			document.path("tags").values().forEach((tag) -> tags.putIfAbsent(tag.path("name").asString(), tag));
		}
		ObjectNode merged = NODES.objectNode();
		merged.put("openapi", openapi);
		merged.set("info", info);
		if (servers != null) {
			merged.set("servers", servers);
		}
		if (!tags.isEmpty()) {
			ArrayNode tagList = merged.putArray("tags");
			tags.values().forEach(tagList::add);
		}
		ObjectNode pathsNode = merged.putObject("paths");
		paths.forEach((path, item) -> pathsNode.set(path, sortedMethods(item)));
		ObjectNode componentsNode = merged.putObject("components");
		components.forEach((section, entries) -> {
			ObjectNode sectionNode = componentsNode.putObject(section);
			entries.forEach(sectionNode::set);
		});
		return merged;
	}

	private static ObjectNode sortedMethods(ObjectNode item) {
		ObjectNode sorted = NODES.objectNode();
		List<String> names = new ArrayList<>(item.propertyNames());
		names.sort(Comparator.comparingInt((String name) -> METHODS.contains(name) ? METHODS.indexOf(name) : -1)
			.thenComparing(Comparator.naturalOrder()));
		names.forEach((name) -> sorted.set(name, item.get(name)));
		return sorted;
	}

	/**
	 * Renames this document's components that an earlier document defines differently,
	 * and rewrites its references to them.
	 */
	private static JsonNode renameConflicts(String service, JsonNode document,
			Map<String, Map<String, JsonNode>> merged) {
		Map<String, String> renames = new HashMap<>();
		document.path("components")
			.properties()
			.forEach((section) -> section.getValue().properties().forEach((entry) -> {
				JsonNode existing = merged.getOrDefault(section.getKey(), Map.of()).get(entry.getKey());
				if (existing != null && !existing.equals(entry.getValue())) {
					renames.put("#/components/" + section.getKey() + "/" + entry.getKey(),
							prefixed(service, entry.getKey()));
				}
			}));
		if (renames.isEmpty()) {
			return document;
		}
		JsonNode components = document.path("components");
		if (components instanceof ObjectNode sections) {
			renames.forEach((ref, name) -> {
				String[] parts = ref.split("/");
				ObjectNode section = (ObjectNode) sections.get(parts[2]);
				section.set(name, section.remove(parts[3]));
			});
		}
		rewriteRefs(document, renames);
		return document;
	}

	private static void rewriteRefs(JsonNode node, Map<String, String> renames) {
		if (node instanceof ObjectNode object) {
			JsonNode ref = object.get("$ref");
			if (ref != null && ref.isString() && renames.containsKey(ref.asString())) {
				String target = ref.asString();
				object.put("$ref", target.substring(0, target.lastIndexOf('/') + 1) + renames.get(target));
			}
			object.values().forEach((child) -> rewriteRefs(child, renames));
		}
		else if (node instanceof ArrayNode array) {
			array.values().forEach((child) -> rewriteRefs(child, renames));
		}
	}

	private static String prefixed(String service, String name) {
		return Character.toUpperCase(service.charAt(0)) + service.substring(1) + name;
	}

}
