package io.strata.analytics.resource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.AnalyticsProperties;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;
import io.strata.proto.resource.v1.ResourceType;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Which attributes of each tenant's resource types are embedded (a type's
 * {@code text_attributes}; none named: every string attribute), as workflow-service
 * publishes them in {@code resource.type_changed}. One small document per tenant and type
 * in an index of this service, written at the type's version (external versioning: an
 * older or repeated event changes nothing).
 * <p>
 * Why the events and not a call to workflow's {@code GetResourceType}: the type events
 * already reach this service's consumer on {@code resource.events}, so indexing keeps
 * depending on Elasticsearch alone (workflow may be down, and analytics would need
 * credentials and an mTLS grant it does not have), and a rebuild or replay needs no other
 * service. The price is order: a type's event and its resources' events are keyed
 * differently and may arrive in either order, so a resource indexed before its type's
 * change is embedded with the old attributes. That is why a change whose attributes
 * differ marks the type {@code reembed}: {@link EmbeddingBackfill} then embeds again
 * every resource of the type whose {@code text_key} (the attributes its vector was made
 * from) is not the type's, and clears the mark when none is left.
 */
@Component
class ResourceTypeTexts implements InitializingBean {

	private final Elastic elastic;

	private final String index;

	private final int replicas;

	ResourceTypeTexts(Elastic elastic, IndexNames names, AnalyticsProperties properties) {
		this.elastic = elastic;
		this.index = names.resourceTypesIndex();
		this.replicas = properties.replicas();
	}

	/**
	 * A type whose resources' vectors were made from other attributes than the type's.
	 *
	 * @param tenantId the type's tenant
	 * @param type the type's name
	 * @param version the type version that changed the attributes
	 * @param textKey {@link #key} of the type's attributes
	 */
	record Pending(String tenantId, String type, int version, String textKey) {

	}

	@Override
	public void afterPropertiesSet() {
		if (!this.elastic.exists("/" + this.index)) {
			try {
				this.elastic.send("PUT", "/" + this.index, Map.of("settings",
						Map.of("number_of_shards", 1, "number_of_replicas", this.replicas), "mappings",
						Map.of("dynamic", "strict", "properties",
								Map.of("tenant_id", keyword(), "type", keyword(), "version", Map.of("type", "integer"),
										"text_attributes", Map.of("type", "keyword", "index", false), "text_key",
										keyword(), "reembed", Map.of("type", "boolean")))));
			}
			catch (Elastic.ElasticException ex) {
				if (ex.status() != 400) {
					throw ex;
				}
				// another instance created it first
			}
		}
	}

	/**
	 * What the vector of a text made from {@code attributes} is marked with; empty for
	 * every string attribute.
	 */
	static String key(List<String> attributes) {
		return String.join("\n", attributes);
	}

	/** Records a type version; marks it {@code reembed} when its attributes changed. */
	void changed(ResourceType type) {
		String id = id(type.getTenantId(), type.getName());
		JsonNode current = this.elastic.send("GET", "/" + this.index + "/_doc/" + encode(id), null,
				Map.of("ignore", "404"));
		if (current.path("found").asBoolean() && current.path("_version").asLong() >= type.getVersion()) {
			return;
		}
		JsonNode known = current.path("_source");
		String key = key(type.getTextAttributesList());
		boolean reembed = !key.equals(known.path("text_key").asText("")) || known.path("reembed").asBoolean();
		write(type.getTenantId(), type.getName(), type.getVersion(), type.getTextAttributesList(), reembed);
	}

	/**
	 * The text attributes of the types named {@code tenant:type} (see {@link #id}); empty
	 * for a type that names none or that this service has not heard of.
	 */
	Map<String, List<String>> of(Collection<String> ids) {
		Map<String, List<String>> attributes = new HashMap<>();
		if (ids.isEmpty()) {
			return attributes;
		}
		JsonNode docs = this.elastic
			.send("POST", "/" + this.index + "/_mget", Map.of("ids", List.copyOf(ids)),
					Map.of("_source_includes", "text_attributes"))
			.path("docs");
		for (JsonNode doc : docs) {
			List<String> names = new ArrayList<>();
			doc.path("_source").path("text_attributes").forEach((name) -> names.add(name.asText()));
			attributes.put(doc.path("_id").asText(), names);
		}
		for (String id : ids) {
			attributes.putIfAbsent(id, List.of());
		}
		return attributes;
	}

	/** A type marked {@code reembed}, if any. */
	Optional<Pending> pending() {
		JsonNode hits = this.elastic
			.send("POST", "/" + this.index + "/_search",
					Map.of("size", 1, "version", true, "query", Map.of("term", Map.of("reembed", true))))
			.path("hits")
			.path("hits");
		if (hits.isEmpty()) {
			return Optional.empty();
		}
		JsonNode source = hits.get(0).path("_source");
		return Optional.of(new Pending(source.path("tenant_id").asText(), source.path("type").asText(),
				hits.get(0).path("_version").asInt(), source.path("text_key").asText("")));
	}

	/**
	 * Clears the mark of a type whose resources are all embedded again; a newer version
	 * of the type recorded meanwhile keeps its own mark (the write at the older version
	 * is refused).
	 */
	void done(Pending pending) {
		List<String> attributes = pending.textKey().isEmpty() ? List.of() : List.of(pending.textKey().split("\n"));
		write(pending.tenantId(), pending.type(), pending.version(), attributes, false);
	}

	private void write(String tenantId, String type, int version, List<String> attributes, boolean reembed) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("tenant_id", tenantId);
		document.put("type", type);
		document.put("version", version);
		document.put("text_attributes", attributes);
		document.put("text_key", key(attributes));
		document.put("reembed", reembed);
		try {
			this.elastic.send("PUT", "/" + this.index + "/_doc/" + encode(id(tenantId, type)), document,
					Map.of("version", String.valueOf(version), "version_type", "external_gte", "refresh", "true"));
		}
		catch (Elastic.ElasticException ex) {
			// 409: a newer version is there already, with its own mark
			if (ex.status() != 409) {
				throw ex;
			}
		}
	}

	static String id(String tenantId, String type) {
		return tenantId + ":" + type;
	}

	private static String encode(String id) {
		return URLEncoder.encode(id, StandardCharsets.UTF_8);
	}

	private static Map<String, Object> keyword() {
		return Map.of("type", "keyword");
	}

}
