package io.strata.platform.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The one event → scope table: which scopes may read an event type (short form, e.g.
 * {@code resource.created}). The live stream, webhook subscriptions and GraphQL
 * subscriptions all ask it. Events about people (identity's: e-mail addresses, roles) go
 * only to {@code identity.admin}; a type of no known family goes to nobody.
 */
public final class EventScopes {

	private static final Set<String> RESOURCES = Set.of(RouteScopes.RESOURCES_READ, RouteScopes.RESOURCES_WRITE);

	/** Family (the type's first segment) → the scopes of which a reader needs one. */
	private static final Map<String, Set<String>> FAMILIES = Map.of("resource", RESOURCES, "resource_type", RESOURCES,
			"workflow", RESOURCES, "operation", RESOURCES, "webhook",
			Set.of(RouteScopes.WEBHOOKS_READ, RouteScopes.WEBHOOKS_WRITE), "ml",
			Set.of(RouteScopes.ML_READ, RouteScopes.ML_WRITE), "identity", Set.of(RouteScopes.IDENTITY_ADMIN));

	private EventScopes() {
	}

	/** Whether a caller with these scopes may read events of this type. */
	public static boolean mayRead(String eventType, Collection<String> granted) {
		return RouteScopes.grants(granted, required(eventType));
	}

	/**
	 * Whether a caller with these scopes may subscribe to this pattern: an exact type, a
	 * prefix with {@code .*}, or {@code *} (every family, so every family's scope).
	 */
	public static boolean maySubscribe(String pattern, Collection<String> granted) {
		if ("*".equals(pattern)) {
			return FAMILIES.values().stream().allMatch((scopes) -> RouteScopes.grants(granted, scopes));
		}
		return mayRead(pattern.endsWith(".*") ? pattern.substring(0, pattern.length() - 2) : pattern, granted);
	}

	/** The scopes of which a reader of this type needs one (empty: nobody may). */
	public static Set<String> required(String eventType) {
		int dot = eventType.indexOf('.');
		return FAMILIES.getOrDefault((dot < 0) ? eventType : eventType.substring(0, dot), Set.of());
	}

}
