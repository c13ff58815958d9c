package io.strata.analytics.resource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.AnalyticsProperties;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The resources index behind its alias. The mapping is strict and fixed: tenant-defined
 * attributes live in the nested key/value field {@code attrs} (see
 * {@link ResourceDocuments}), so the field count never grows with tenants' data and is
 * capped anyway by {@code index.mapping.total_fields.limit}.
 */
@Component
public class ResourceIndex implements InitializingBean {

	private static final DateTimeFormatter GENERATION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
		.withZone(ZoneOffset.UTC);

	private final Elastic elastic;

	private final IndexNames names;

	private final AnalyticsProperties properties;

	private final int dimensions;

	/** Generations under construction (a rebuild) that live events are written to too. */
	private final Set<String> extraTargets = new CopyOnWriteArraySet<>();

	public ResourceIndex(Elastic elastic, IndexNames names, AnalyticsProperties properties,
			SemanticProperties semantic) {
		this.elastic = elastic;
		this.names = names;
		this.properties = properties;
		this.dimensions = semantic.dimensions();
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.elastic.exists("/" + this.names.resourcesAlias())) {
			String index = createGeneration();
			try {
				this.elastic.send("POST", "/_aliases", Map.of("actions",
						List.of(Map.of("add", Map.of("index", index, "alias", this.names.resourcesAlias())))));
			}
			catch (Elastic.ElasticException ex) {
				// another instance created the alias first: use theirs
				this.elastic.send("DELETE", "/" + index, null);
			}
		}
		else {
			// an index made before semantic search gets its vector fields (an additive
			// mapping change; the backfill embeds its documents)
			this.elastic.send("PUT", "/" + this.names.resourcesAlias() + "/_mapping",
					Map.of("properties", vectorFields()));
			this.elastic.send("PUT", "/" + this.names.resourcesAlias() + "/_settings",
					Map.of("index", Map.of("refresh_interval", refreshInterval())));
		}
	}

	public String alias() {
		return this.names.resourcesAlias();
	}

	/**
	 * Where live events go: the alias, plus any generation being rebuilt, so that events
	 * arriving during a rebuild are in the new generation whatever the replay has reached
	 * (external versioning makes the two writers converge on the newest state).
	 */
	public List<String> writeTargets() {
		List<String> targets = new ArrayList<>();
		targets.add(alias());
		targets.addAll(this.extraTargets);
		return targets;
	}

	public void addWriteTarget(String index) {
		this.extraTargets.add(index);
	}

	public void removeWriteTarget(String index) {
		this.extraTargets.remove(index);
	}

	/** Deletes a generation that will never be used (a failed rebuild). */
	public void drop(String index) {
		this.elastic.send("DELETE", "/" + index, null, Map.of("ignore_unavailable", "true"));
	}

	/** Makes everything written to {@code index} so far searchable. */
	public void refresh(String index) {
		this.elastic.send("POST", "/" + index + "/_refresh", null);
	}

	/** Creates a new, empty concrete index (not yet behind the alias) and names it. */
	public String createGeneration() {
		String index = this.names.resourcesIndex(GENERATION.format(Instant.now()));
		this.elastic.send("PUT", "/" + index, Map.of("settings", settings(), "mappings", mappings()));
		return index;
	}

	/** The concrete indices the alias points to now. */
	public List<String> current() {
		JsonNode aliases = this.elastic.get("/_alias/" + this.names.resourcesAlias());
		ArrayList<String> indices = new ArrayList<>();
		for (Iterator<String> it = aliases.fieldNames(); it.hasNext();) {
			indices.add(it.next());
		}
		return indices;
	}

	/** Points the alias at {@code index} alone, atomically, and drops the old indices. */
	public void switchTo(String index) {
		List<String> old = current();
		ArrayList<Object> actions = new ArrayList<>();
		old.forEach((previous) -> actions
			.add(Map.of("remove", Map.of("index", previous, "alias", this.names.resourcesAlias()))));
		actions.add(Map.of("add", Map.of("index", index, "alias", this.names.resourcesAlias())));
		this.elastic.send("POST", "/_aliases", Map.of("actions", actions));
		old.stream()
			.filter((previous) -> !previous.equals(index))
			.forEach((previous) -> this.elastic.send("DELETE", "/" + previous, null));
	}

	/** The index's {@code refresh_interval} setting, as configured. */
	public String refreshIntervalSetting() {
		return refreshInterval();
	}

	private String refreshInterval() {
		return this.properties.refreshInterval().toMillis() + "ms";
	}

	private Map<String, Object> settings() {
		return Map.of("number_of_shards", 1, "number_of_replicas", this.properties.replicas(), "refresh_interval",
				refreshInterval(),
				// a strict mapping has ~20 fields; the limit is a second fence
				"mapping.total_fields.limit", 64, "mapping.nested_objects.limit",
				Math.max(this.properties.maxAttributeFields(), 1) * 2L,
				// tombstones of external-versioned deletes must outlive late, older
				// events
				"gc_deletes", "1h");
	}

	private Map<String, Object> mappings() {
		Map<String, Object> properties = new LinkedHashMap<>(fields());
		properties.putAll(vectorFields());
		// vectors are searched in the HNSW graph, never read back: keeping them out of
		// _source saves most of a document's size (a rebuild replays events, and the
		// backfill embeds again, so nothing needs them there)
		return Map.of("dynamic", "strict", "_source", Map.of("excludes", List.of("embedding")), "properties",
				properties);
	}

	private Map<String, Object> vectorFields() {
		return Map.of("embedding",
				Map.of("type", "dense_vector", "dims", this.dimensions, "index", true, "similarity", "cosine"),
				"embedding_model", keyword(), "text_key", keyword());
	}

	private static Map<String, Object> fields() {
		return Map.ofEntries(Map.entry("id", keyword()), Map.entry("tenant_id", keyword()),
				Map.entry("type", keyword()), Map.entry("type_version", Map.of("type", "integer")),
				Map.entry("state", keyword()), Map.entry("version", Map.of("type", "long")),
				Map.entry("created_at", Map.of("type", "date")), Map.entry("updated_at", Map.of("type", "date")),
				Map.entry("attributes", Map.of("type", "object", "enabled", false)),
				Map.entry("attrs",
						Map.of("type", "nested", "properties",
								Map.of("key", keyword(), "str", Map.of("type", "keyword", "ignore_above", 512), "num",
										Map.of("type", "double"), "bool", Map.of("type", "boolean"), "date",
										Map.of("type", "date")))),
				Map.entry("text", Map.of("type", "text", "analyzer", "standard")));
	}

	private static Map<String, Object> keyword() {
		return Map.of("type", "keyword");
	}

}
