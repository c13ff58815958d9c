package io.strata.sdk;

import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;

import io.strata.sdk.model.Definition;
import io.strata.sdk.model.ResourceTypeView;

/** Resource types: a JSON Schema for the attributes and a lifecycle whose actions run workflows. */
public final class ResourceTypes {

	private final Transport transport;

	private final JavaType pageType = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, ResourceTypeView.class);

	ResourceTypes(Transport transport) {
		this.transport = transport;
	}

	public ResourceTypeView create(Definition definition) {
		return this.transport.send(Transport.Call.of("POST", "/v2/resource-types").body(definition),
				ResourceTypeView.class);
	}

	/** Defines a type: {@code schema} and {@code lifecycle} as JSON-like maps (see the platform README). */
	public ResourceTypeView create(String name, Map<String, ?> schema, Map<String, ?> lifecycle, String description) {
		return create(new Definition().name(name).schema(schema).lifecycle(lifecycle).description(description));
	}

	/** The latest version of the type. */
	public ResourceTypeView get(String name) {
		return this.transport.send(Transport.Call.of("GET", Transport.path("/v2/resource-types/{name}", name)),
				ResourceTypeView.class);
	}

	/** A new version of the type. */
	public ResourceTypeView update(String name, Definition definition) {
		return this.transport.send(Transport.Call.of("PUT", Transport.path("/v2/resource-types/{name}", name))
			.body(definition.name(name)), ResourceTypeView.class);
	}

	/** Retires the type: no new resources of it. */
	public ResourceTypeView retire(String name) {
		return this.transport.send(
				Transport.Call.of("POST", Transport.path("/v2/resource-types/{name}/retire", name)),
				ResourceTypeView.class);
	}

	public PagedIterable<ResourceTypeView> list(ListParams params) {
		ListParams query = (params != null) ? params : new ListParams();
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/resource-types").query(query.toQuery(token)), this.pageType));
	}

	public PagedIterable<ResourceTypeView> list() {
		return list(new ListParams());
	}

}
