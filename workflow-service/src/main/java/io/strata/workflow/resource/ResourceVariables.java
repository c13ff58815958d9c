package io.strata.workflow.resource;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import io.strata.workflow.engine.RunResources;

import org.springframework.stereotype.Component;

/** What a workflow's expressions see of the resource its run acts on. */
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
			variables.put("attributes", this.json.treeToValue(resource.attributes(), Map.class));
		});
		return variables;
	}

	@Override
	public void lockAll(java.util.Collection<String> resourceIds) {
		this.store.lockAll(resourceIds);
	}

}
