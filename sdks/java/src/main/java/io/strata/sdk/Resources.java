package io.strata.sdk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JavaType;

import io.strata.sdk.model.ActionRequest;
import io.strata.sdk.model.ActionResult;
import io.strata.sdk.model.CreateRequest;
import io.strata.sdk.model.ReplaceRequest;
import io.strata.sdk.model.Resource;
import io.strata.sdk.model.ResourcePatch;

/**
 * Resources. Writes send {@code If-Match} with the ETag this client last saw for the resource (from create,
 * get, replace or update), so a concurrent change gives a {@link PreconditionFailedException} instead of
 * being overwritten; pass an ETag explicitly to choose it yourself.
 */
public final class Resources {

	private static final int REMEMBERED_ETAGS = 10_000;

	private final Transport transport;

	private final JavaType pageType = Transport.JSON.getTypeFactory()
		.constructParametricType(Page.class, Resource.class);

	private final Map<String, String> etags = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > REMEMBERED_ETAGS;
		}
	});

	Resources(Transport transport) {
		this.transport = transport;
	}

	/** Creates a resource of the given type ({@code POST /v2/resources}). */
	public Resource create(String type, Map<String, ?> attributes) {
		return remember(this.transport.send(Transport.Call.of("POST", "/v2/resources")
			.body(new CreateRequest().type(type).attributes(attributes))));
	}

	/** Creates a resource with the given {@code Idempotency-Key} (a retry of yours then creates it once). */
	public Resource create(String type, Map<String, ?> attributes, String idempotencyKey) {
		return remember(this.transport.send(Transport.Call.of("POST", "/v2/resources")
			.body(new CreateRequest().type(type).attributes(attributes))
			.header("Idempotency-Key", idempotencyKey)));
	}

	public Resource get(String id) {
		return remember(this.transport.send(Transport.Call.of("GET", Transport.path("/v2/resources/{id}", id))));
	}

	/** Replaces all attributes ({@code PUT}), with {@code If-Match} from the last seen ETag. */
	public Resource replace(String id, Map<String, ?> attributes) {
		return replace(id, attributes, etag(id));
	}

	public Resource replace(String id, Map<String, ?> attributes, String ifMatch) {
		return remember(this.transport.send(Transport.Call.of("PUT", Transport.path("/v2/resources/{id}", id))
			.body(new ReplaceRequest().attributes(attributes))
			.header("If-Match", ifMatch)));
	}

	/**
	 * Updates attributes by JSON Merge Patch ({@code PATCH}; a {@code null} value removes an attribute), with
	 * {@code If-Match} from the last seen ETag.
	 */
	public Resource update(String id, Map<String, ?> attributes) {
		return update(id, attributes, etag(id));
	}

	public Resource update(String id, Map<String, ?> attributes, String ifMatch) {
		return remember(this.transport.send(Transport.Call.of("PATCH", Transport.path("/v2/resources/{id}", id))
			.body(new ResourcePatch().attributes(attributes), "application/merge-patch+json")
			.header("If-Match", ifMatch)));
	}

	/** Deletes the resource, with {@code If-Match} from the last seen ETag when there is one. */
	public void delete(String id) {
		delete(id, etag(id));
	}

	public void delete(String id, String ifMatch) {
		this.transport.send(Transport.Call.of("DELETE", Transport.path("/v2/resources/{id}", id))
			.header("If-Match", ifMatch));
		this.etags.remove(id);
	}

	/**
	 * Runs a lifecycle action on 1 to 100 resources ({@code POST /v2/resources/actions}). The answer has one
	 * {@link io.strata.sdk.model.ActionOperation} per resource, in request order: {@code pending} with the id
	 * of the operation started for it (to {@link Operations#waitFor}), or {@code rejected} with the
	 * {@link io.strata.sdk.model.ActionRefusal} that says why.
	 */
	public ActionResult runAction(String action, List<String> resourceIds, Map<String, ?> input) {
		return this.transport.send(Transport.Call.of("POST", "/v2/resources/actions")
			.body(new ActionRequest().action(action).resourceIds(resourceIds).input(input)), ActionResult.class);
	}

	/**
	 * Every resource matching the parameters, across all pages ({@code GET /v2/resources}, the search index:
	 * a change shows up there within a second or two).
	 */
	public PagedIterable<Resource> list(ListParams params) {
		ListParams query = (params != null) ? params : new ListParams();
		return new PagedIterable<>((token) -> this.transport
			.send(Transport.Call.of("GET", "/v2/resources").query(query.toQuery(token)), this.pageType));
	}

	public PagedIterable<Resource> list() {
		return list(new ListParams());
	}

	/** The ETag this client last saw for the resource, or {@code null}. */
	public String etag(String id) {
		return this.etags.get(id);
	}

	private Resource remember(Transport.Answer answer) {
		Resource resource = Transport.read(answer, Transport.JSON.constructType(Resource.class));
		String etag = answer.header("ETag");
		if (resource != null && resource.getId() != null && etag != null) {
			this.etags.put(resource.getId(), etag);
		}
		return resource;
	}

}
