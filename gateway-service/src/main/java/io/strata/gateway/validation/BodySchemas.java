package io.strata.gateway.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.networknt.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which schema a route's request bodies must match, from the route's metadata: under
 * {@code body-schemas}, a schema's name and the requests it applies to, as
 * {@code METHOD /path} patterns separated by commas. A name is a platform schema
 * ({@code classpath:schemas/<name>.json}), or {@value #TENANT_RESOURCE_TYPE}: the
 * tenant's resource-type schema named by the body's {@code type}, for its
 * {@code attributes}. For example:
 *
 * <pre>
 * metadata:
 *   body-schemas:
 *     resource-type: POST /v2/resource-types
 *     tenant-resource-type: POST /v2/resources, PUT /v2/resources/{id}
 * </pre>
 *
 * Parsed once per route (again when the route's metadata changes).
 */
final class BodySchemas {

	/** Route metadata key. */
	static final String METADATA = "body-schemas";

	/** The schema name that stands for the tenant's resource-type schema. */
	static final String TENANT_RESOURCE_TYPE = "tenant-resource-type";

	private static final Logger log = LoggerFactory.getLogger(BodySchemas.class);

	private final RequestSchemas schemas;

	private final Map<String, Parsed> routes = new ConcurrentHashMap<>();

	BodySchemas(RequestSchemas schemas) {
		this.schemas = schemas;
	}

	/** What the body of this request must match, or null when nothing. */
	Target find(Route route, String method, PathContainer path) {
		if (route == null) {
			return null;
		}
		Object metadata = route.getMetadata().get(METADATA);
		if (metadata == null) {
			return null;
		}
		Parsed parsed = this.routes.get(route.getId());
		if (parsed == null || parsed.metadata() != metadata) {
			parsed = new Parsed(metadata, parse(route.getId(), metadata));
			this.routes.put(route.getId(), parsed);
		}
		for (Entry entry : parsed.entries()) {
			if (entry.method().equals(method) && entry.path().matches(path)) {
				return entry.target();
			}
		}
		return null;
	}

	private List<Entry> parse(String routeId, Object metadata) {
		List<Entry> entries = new ArrayList<>();
		if (!(metadata instanceof Map<?, ?> map)) {
			log.error("Route {}: metadata {} must map schema names to requests; ignored", routeId, METADATA);
			return entries;
		}
		map.forEach((name, requests) -> {
			Target target = target(routeId, name.toString());
			if (target == null) {
				return;
			}
			for (String request : requests.toString().split(",")) {
				String[] parts = request.trim().split("\\s+");
				if (parts.length != 2) {
					log.error("Route {}: '{}' under {} is no 'METHOD /path'; ignored", routeId, request, METADATA);
					continue;
				}
				entries.add(new Entry(parts[0].toUpperCase(Locale.ROOT),
						PathPatternParser.defaultInstance.parse(parts[1]), target));
			}
		});
		return List.copyOf(entries);
	}

	private Target target(String routeId, String name) {
		if (TENANT_RESOURCE_TYPE.equals(name)) {
			return Target.TENANT;
		}
		try {
			return new Target(this.schemas.named(name));
		}
		catch (RuntimeException ex) {
			log.error("Route {}: no request schema {} ({}); its requests pass unchecked", routeId, name, ex.toString());
			return null;
		}
	}

	/**
	 * A platform schema, or (schema null) the tenant's resource-type schema.
	 *
	 * @param schema the platform schema
	 */
	record Target(Schema schema) {

		static final Target TENANT = new Target(null);

		boolean tenantResourceType() {
			return this.schema == null;
		}

	}

	private record Entry(String method, PathPattern path, Target target) {
	}

	private record Parsed(Object metadata, List<Entry> entries) {
	}

}
