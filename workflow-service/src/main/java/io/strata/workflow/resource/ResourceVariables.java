package io.strata.workflow.resource;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.RunResources;
import io.strata.workflow.support.TransactionScoped;

import org.springframework.stereotype.Component;

/**
 * What a workflow's expressions see of the resource its run acts on. Its attributes are
 * read into plain values once per version the transaction holds (a run's steps after a
 * change see the same tree).
 */
@Component
class ResourceVariables implements RunResources {

	private final LockedResources store;

	private final JsonMapper json;

	ResourceVariables(LockedResources store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	@Override
	public Map<String, Object> variables(String resourceId) {
		Map<String, Object> variables = new LinkedHashMap<>();
		this.store.find(resourceId).ifPresent((resource) -> {
			variables.put("id", resource.id());
			variables.put("type", resource.type());
			variables.put("state", resource.state());
			variables.put("version", resource.version());
			variables.put("attributes", attributes(resource.attributes()));
		});
		return variables;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> attributes(JsonNode attributes) {
		Map<JsonNode, Map<String, Object>> read = TransactionScoped.obtain(this, IdentityHashMap::new);
		if (read == null) {
			return this.json.treeToValue(attributes, Map.class);
		}
		return read.computeIfAbsent(attributes,
				(tree) -> Collections.unmodifiableMap(this.json.treeToValue(tree, Map.class)));
	}

	@Override
	public void lockAll(java.util.Collection<String> resourceIds) {
		this.store.lockAll(resourceIds);
	}

}
