package io.strata.analytics.tenant;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.resource.ResourceIndex;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;
import io.strata.platform.tenant.TenantErasures;

import org.springframework.stereotype.Component;

/**
 * Erases a deleted tenant's documents: its resources in the read model (every generation
 * live events go to) and its events in every history partition, by delete-by-query on the
 * tenant filter. Erasing again finds nothing, so a redelivered deletion is harmless.
 */
@Component
public class ErasingTenantData {

	private static final int PAGE = 1000;

	private final Elastic elastic;

	private final ResourceIndex resources;

	private final IndexNames names;

	private final TenantErasures erasures;

	ErasingTenantData(Elastic elastic, ResourceIndex resources, IndexNames names, TenantErasures erasures) {
		this.elastic = elastic;
		this.resources = resources;
		this.names = names;
		this.erasures = erasures;
	}

	public void erase(String tenantId) {
		Map<String, Long> erased = new LinkedHashMap<>();
		erased.put("resources", delete(String.join(",", this.resources.writeTargets()), tenantId));
		erased.put("events", delete(this.names.eventsPattern(), tenantId));
		erased.put("resource_types", delete(this.names.resourceTypesIndex(), tenantId));
		this.erasures.erased(tenantId, erased);
	}

	/**
	 * Searches the tenant's documents and deletes them in bulk, a page at a time, until
	 * none is left. Not delete-by-query: that needs Elasticsearch's reindex module, which
	 * minimal installations (the local stack's) lack.
	 */
	private long delete(String indices, String tenantId) {
		Map<String, String> any = Map.of("ignore_unavailable", "true", "allow_no_indices", "true");
		long deleted = 0;
		while (true) {
			// a search sees searchable documents only: those just stored must be too
			this.elastic.send("POST", "/" + indices + "/_refresh", null, any);
			JsonNode hits = this.elastic.send("POST", "/" + indices + "/_search",
					Map.of("size", PAGE, "_source", false, "query", Map.of("term", Map.of("tenant_id", tenantId))), any)
				.path("hits")
				.path("hits");
			if (hits.isEmpty()) {
				return deleted;
			}
			StringBuilder bulk = new StringBuilder();
			hits.forEach(
					(hit) -> bulk
						.append(this.elastic.write(Map.of("delete",
								Map.of("_index", hit.path("_index").asText(), "_id", hit.path("_id").asText()))))
						.append('\n'));
			JsonNode response = this.elastic.send("POST", "/_bulk", bulk.toString());
			for (JsonNode item : response.path("items")) {
				int status = item.path("delete").path("status").asInt();
				// 404: deleted meanwhile
				if (status >= 300 && status != 404) {
					throw new IllegalStateException("Could not delete a document of tenant " + tenantId + ": "
							+ item.path("delete").path("error"));
				}
			}
			deleted += hits.size();
		}
	}

}
