package io.strata.sdk;

import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;

import io.strata.sdk.model.ResourceTypeDefinition;
import io.strata.sdk.model.ResourceType;

/** Resource types: a JSON Schema for the attributes and a lifecycle whose actions run workflows. */
public final class ResourceTypes {

	private final Transport transport;

	private final JavaType pageType = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, ResourceType.class);

	ResourceTypes(Transport transport) {
		this.transport = transport;
	}

	public ResourceType create(ResourceTypeDefinition definition) {
		return this.transport.send(Transport.Call.of("POST", "/v2/resource-types").body(definition),
				ResourceType.class);
	}

	/** Defines a type: {@code schema} and {@code lifecycle} as JSON-like maps (see the platform README). */
	public ResourceType create(String name, Map<String, ?> schema, Map<String, ?> lifecycle, String description) {
		return create(new ResourceTypeDefinition().name(name).schema(schema).lifecycle(lifecycle).description(description));
	}

	/** The latest version of the type. */
	public ResourceType get(String name) {
		return this.transport.send(Transport.Call.of("GET", Transport.path("/v2/resource-types/{name}", name)),
				ResourceType.class);
	}

	/** One version of the type. */
	public ResourceType get(String name, int version) {
		return this.transport.send(Transport.Call.of("GET", Transport.path("/v2/resource-types/{name}", name))
			.query(Map.of("version", Integer.toString(version))), ResourceType.class);
	}

	/** A new version of the type. */
	public ResourceType update(String name, ResourceTypeDefinition definition) {
		return this.transport.send(Transport.Call.of("PUT", Transport.path("/v2/resource-types/{name}", name))
			.body(definition.name(name)), ResourceType.class);
	}

	/** Retires the type: no new resources of it. */
	public ResourceType retire(String name) {
		return this.transport.send(
				Transport.Call.of("POST", Transport.path("/v2/resource-types/{name}/retire", name)),
				ResourceType.class);
	}

	public PagedIterable<ResourceType> list(ListParams params) {
		ListParams query = (params != null) ? params : new ListParams();
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/resource-types").query(query.toQuery(token)), this.pageType));
	}

	public PagedIterable<ResourceType> list() {
		return list(new ListParams());
	}

}
