package io.strata.analytics.history;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.strata.analytics.AnalyticsProperties;
import io.strata.analytics.search.Elastic;
import io.strata.analytics.search.IndexNames;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The event history: one index per UTC day ({@code <prefix>events-yyyy.MM.dd}), created
 * on first write from an index template, so that retention drops whole partitions instead
 * of deleting documents.
 */
@Component
public class EventHistoryIndex implements InitializingBean {

	private final Elastic elastic;

	private final IndexNames names;

	private final AnalyticsProperties properties;

	private final Clock clock;

	public EventHistoryIndex(Elastic elastic, IndexNames names, AnalyticsProperties properties) {
		this.elastic = elastic;
		this.names = names;
		this.properties = properties;
		this.clock = Clock.systemUTC();
	}

	@Override
	public void afterPropertiesSet() {
		this.elastic.send("PUT", "/_index_template/" + this.names.eventsIndexPrefix() + "template",
				Map.of("index_patterns", List.of(this.names.eventsPattern()), "priority", 200, "template",
						Map.of("settings", Map.of("number_of_shards", 1, "number_of_replicas",
								this.properties.replicas(), "mapping.total_fields.limit", 64), "mappings",
								mappings())));
		// the template shapes new partitions only; existing ones (strict) learn fields
		// added since they were created here (adding fields is always allowed)
		this.elastic.send("PUT", "/" + this.names.eventsPattern() + "/_mapping",
				Map.of("properties", mappings().get("properties")),
				Map.of("ignore_unavailable", "true", "allow_no_indices", "true"));
	}

	public String pattern() {
		return this.names.eventsPattern();
	}

	public String partition(Instant time) {
		return this.names.eventsIndex(LocalDate.ofInstant(time, ZoneOffset.UTC));
	}

	/** The first day still kept: partitions of earlier days are expired. */
	public LocalDate oldestKeptDay() {
		return LocalDate.ofInstant(this.clock.instant().minus(this.properties.events().retention()), ZoneOffset.UTC);
	}

	public boolean expired(Instant time) {
		return LocalDate.ofInstant(time, ZoneOffset.UTC).isBefore(oldestKeptDay());
	}

	/** Drops every partition older than the retention period; answers their names. */
	public List<String> dropExpired() {
		LocalDate oldest = oldestKeptDay();
		JsonNode indices = this.elastic.send("GET", "/_cat/indices/" + this.names.eventsPattern(), null,
				Map.of("format", "json", "h", "index", "expand_wildcards", "open,closed"));
		List<String> dropped = new ArrayList<>();
		for (JsonNode index : indices) {
			String name = index.path("index").asText();
			this.names.eventsDay(name).filter((day) -> day.isBefore(oldest)).ifPresent((day) -> {
				this.elastic.send("DELETE", "/" + name, null);
				dropped.add(name);
			});
		}
		return dropped;
	}

	private static Map<String, Object> mappings() {
		Map<String, Object> keyword = Map.of("type", "keyword");
		return Map.of("dynamic", "strict", "properties",
				Map.ofEntries(Map.entry("id", keyword), Map.entry("tenant_id", keyword), Map.entry("type", keyword),
						Map.entry("ce_type", keyword), Map.entry("topic", keyword), Map.entry("source", keyword),
						Map.entry("subject", keyword), Map.entry("time", Map.of("type", "date")),
						Map.entry("received_at", Map.of("type", "date")), Map.entry("resource_id", keyword),
						Map.entry("resource_type", keyword), Map.entry("state", keyword),
						// payload fields the metrics need: workflow run duration and
						// outcome,
						// webhook delivery outcome
						Map.entry("duration_millis", Map.of("type", "long")), Map.entry("outcome", keyword),
						Map.entry("endpoint_id", keyword), Map.entry("status_code", Map.of("type", "integer"))));
	}

}
