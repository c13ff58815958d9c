package io.strata.analytics.resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.analytics.AnalyticsProperties;
import io.strata.analytics.search.Elastic;
import io.strata.platform.events.CloudEventRecords;
import io.strata.platform.events.EventCatalog;
import io.strata.platform.tenant.RefusedTenants;
import io.strata.proto.resource.v1.Resource;
import io.strata.proto.resource.v1.ResourceCreated;
import io.strata.proto.resource.v1.ResourceDeleted;
import io.strata.proto.resource.v1.ResourceStateChanged;
import io.strata.proto.resource.v1.ResourceType;
import io.strata.proto.resource.v1.ResourceTypeChanged;
import io.strata.proto.resource.v1.ResourceUpdated;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Applies resource events to a resources index in one bulk request. Each write carries
 * the resource version as an external version, so Elasticsearch itself refuses a
 * duplicate or older event (409, skipped) and the newest state always wins whatever the
 * delivery order; a delete leaves a versioned tombstone, so an older event arriving after
 * it cannot bring the resource back.
 */
@Component
public class ResourceIndexer {

	private static final Logger log = LoggerFactory.getLogger(ResourceIndexer.class);

	private final Elastic elastic;

	private final int maxAttributeFields;

	private final ObjectProvider<RefusedTenants> refusedTenants;

	private final ResourceEmbeddings embeddings;

	private final ResourceTypeTexts typeTexts;

	ResourceIndexer(Elastic elastic, AnalyticsProperties properties, ObjectProvider<RefusedTenants> refusedTenants,
			ResourceEmbeddings embeddings, ResourceTypeTexts typeTexts) {
		this.elastic = elastic;
		this.maxAttributeFields = properties.maxAttributeFields();
		this.refusedTenants = refusedTenants;
		this.embeddings = embeddings;
		this.typeTexts = typeTexts;
	}

	/**
	 * Indexes the records into {@code index} (an index or the alias).
	 * @return the position of the first record that failed for another reason than being
	 * stale, or -1 when all were applied or skipped
	 */
	public int apply(String index, List<? extends ConsumerRecord<?, byte[]>> records) {
		List<List<Object>> actions = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		List<ResourceType> types = new ArrayList<>();
		int unreadable = -1;
		for (int i = 0; i < records.size() && unreadable < 0; i++) {
			List<Object> lines;
			try {
				lines = actions(index, CloudEventRecords.fromRecord(records.get(i)), types);
			}
			catch (RuntimeException ex) {
				log.warn("Unreadable resource event at {}-{}@{}", records.get(i).topic(), records.get(i).partition(),
						records.get(i).offset(), ex);
				unreadable = i;
				continue;
			}
			if (!lines.isEmpty()) {
				actions.add(lines);
				positions.add(i);
			}
		}
		// recorded before the batch's resources are embedded: they follow the newest type
		types.forEach(this.typeTexts::changed);
		if (positions.isEmpty()) {
			return unreadable;
		}
		addVectors(actions);
		StringBuilder bulk = new StringBuilder();
		actions.forEach((lines) -> lines.forEach((line) -> bulk.append(this.elastic.write(line)).append('\n')));
		JsonNode response = this.elastic.send("POST", "/_bulk", bulk.toString());
		if (!response.path("errors").asBoolean()) {
			return unreadable;
		}
		JsonNode items = response.path("items");
		for (int i = 0; i < items.size(); i++) {
			JsonNode result = items.get(i).elements().next();
			int status = result.path("status").asInt();
			if (status == 429) {
				// Elasticsearch sheds load: wait for it rather than park the event
				throw new Elastic.ElasticException(status, result.path("error").toString(), null);
			}
			// 409: a newer or equal version is already there; 404: deleting what is gone
			if (status >= 300 && status != 409 && status != 404) {
				log.warn("Indexing resource {} failed: {}", result.path("_id").asText(), result.path("error"));
				return positions.get(i);
			}
		}
		return unreadable;
	}

	/**
	 * Adds each new document's vector of its type's text attributes, a request per tenant
	 * and at most as many texts as ml answers in time
	 * ({@link ResourceEmbeddings#capacity}). Where ml cannot answer, the documents go
	 * without; {@link EmbeddingBackfill} adds them.
	 */
	@SuppressWarnings("unchecked")
	private void addVectors(List<List<Object>> actions) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (List<Object> lines : actions) {
			if (lines.size() == 2 && lines.get(1) instanceof Map<?, ?> document) {
				documents.add((Map<String, Object>) document);
			}
		}
		Map<String, List<String>> typeTexts = this.typeTexts.of(documents.stream()
			.map((document) -> ResourceTypeTexts.id((String) document.get("tenant_id"), (String) document.get("type")))
			.collect(Collectors.toSet()));
		Map<String, List<Embeddable>> byTenant = new LinkedHashMap<>();
		for (Map<String, Object> document : documents) {
			String tenant = (String) document.get("tenant_id");
			List<String> attributes = typeTexts.get(ResourceTypeTexts.id(tenant, (String) document.get("type")));
			String text = ResourceDocuments.embeddingText(document, attributes);
			if (!text.isBlank()) {
				byTenant.computeIfAbsent(tenant, (key) -> new ArrayList<>())
					.add(new Embeddable(document, text, ResourceTypeTexts.key(attributes)));
			}
		}
		byTenant.forEach((tenant, embeddables) -> {
			int from = 0;
			while (from < embeddables.size()) {
				List<Embeddable> chunk = embeddables.subList(from,
						Math.min(embeddables.size(), from + this.embeddings.capacity()));
				from += chunk.size();
				this.embeddings.embedForIndexing(tenant, chunk.stream().map(Embeddable::text).toList())
					.ifPresent((vectors) -> ResourceDocuments.withVectors(
							chunk.stream().map(Embeddable::document).toList(),
							chunk.stream().map(Embeddable::textKey).toList(), vectors));
			}
		});
	}

	/** A document, its text to embed and the text attributes it came from. */
	private record Embeddable(Map<String, Object> document, String text, String textKey) {

	}

	private List<Object> actions(String index, CloudEvent event, List<ResourceType> types) {
		return switch (EventCatalog.payload(event).orElse(null)) {
			case ResourceCreated created -> upsert(index, created.getResource());
			case ResourceUpdated updated -> upsert(index, updated.getResource());
			case ResourceStateChanged changed -> upsert(index, changed.getResource());
			case ResourceDeleted deleted -> delete(index, deleted);
			case ResourceTypeChanged changed -> {
				// not part of the read model; its text attributes decide what is embedded
				if (!deletedTenant(changed.getResourceType().getTenantId())) {
					types.add(changed.getResourceType());
				}
				yield List.of();
			}
			case null, default -> List.of();
		};
	}

	private List<Object> upsert(String index, Resource resource) {
		if (resource.getId().isEmpty() || resource.getTenantId().isEmpty()) {
			throw new IllegalArgumentException("A resource event without id or tenant");
		}
		if (deletedTenant(resource.getTenantId())) {
			return List.of();
		}
		return List.of(Map.of("index", target(index, resource.getTenantId(), resource.getId(), resource.getVersion())),
				ResourceDocuments.document(resource, this.maxAttributeFields));
	}

	private List<Object> delete(String index, ResourceDeleted deleted) {
		return List.of(Map.of("delete", target(index, deleted.getTenantId(), deleted.getId(), deleted.getVersion())));
	}

	/**
	 * A deleted tenant's resources stay erased: a rebuild replaying the topic from the
	 * beginning, or an event delivered late, does not bring them back.
	 */
	private boolean deletedTenant(String tenantId) {
		RefusedTenants refused = this.refusedTenants.getIfAvailable();
		return refused != null && refused.deleted(tenantId);
	}

	private static Map<String, Object> target(String index, String tenantId, String id, long version) {
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("_index", index);
		target.put("_id", ResourceDocuments.documentId(tenantId, id));
		target.put("version", version);
		target.put("version_type", "external");
		return target;
	}

}
