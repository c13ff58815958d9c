package io.strata.identity.role;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Roles map to scopes. Every tenant starts with {@code admin} (administers the tenant and
 * uses every API) and {@code member} (uses the app's data); the bootstrap tenant also has
 * {@code platform-admin} (signing keys). The queries run inside the caller's tenant
 * scope.
 */
public final class Roles {

	/** The role that administers the platform itself, only in the bootstrap tenant. */
	public static final Map<String, List<String>> PLATFORM = Map.of(Caller.PLATFORM_ADMIN_ROLE,
			List.of(RouteScopes.IDENTITY_KEYS));

	private Roles() {
	}

	public static void create(JdbcTemplate jdbc, String tenantId, Map<String, List<String>> roles) {
		roles.forEach((name, scopes) -> jdbc.update(
				"INSERT INTO roles (tenant_id, name, scopes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", tenantId, name,
				scopes.toArray(String[]::new)));
	}

	/** The names of the tenant's roles that exist, of those given. */
	public static Set<String> existing(JdbcTemplate jdbc, Collection<String> names) {
		return new LinkedHashSet<>(jdbc.queryForList("SELECT name FROM roles WHERE name = ANY (?)", String.class,
				(Object) names.toArray(String[]::new)));
	}

	/** The scopes the given roles grant. */
	public static Set<String> scopesOf(JdbcTemplate jdbc, Collection<String> roles) {
		return new LinkedHashSet<>(
				jdbc.queryForList("SELECT DISTINCT unnest(scopes) FROM roles WHERE name = ANY (?) ORDER BY 1",
						String.class, (Object) roles.toArray(String[]::new)));
	}

	/** Every scope some role of the tenant grants. */
	public static Set<String> scopesOfTenant(JdbcTemplate jdbc) {
		return new LinkedHashSet<>(
				jdbc.queryForList("SELECT DISTINCT unnest(scopes) FROM roles ORDER BY 1", String.class));
	}

	/**
	 * The scopes of the platform's APIs, which the gateway and every service require per
	 * route ({@link RouteScopes}). Admins get all of them; members use the app's data but
	 * do not manage webhooks or ML models.
	 */
	public static final List<String> API_SCOPES = RouteScopes.API_SCOPES;

	private static final List<String> MEMBER_SCOPES = List.of(RouteScopes.RESOURCES_READ, RouteScopes.RESOURCES_WRITE,
			RouteScopes.ANALYTICS_READ, RouteScopes.ML_READ);

	/**
	 * The roles a new tenant gets, with their scopes (declared after the scope lists it
	 * reads: static fields initialise in order).
	 */
	public static final Map<String, List<String>> DEFAULTS = defaults();

	private static Map<String, List<String>> defaults() {
		Map<String, List<String>> roles = new LinkedHashMap<>();
		List<String> admin = new ArrayList<>(API_SCOPES);
		admin.add(0, RouteScopes.IDENTITY_ADMIN);
		roles.put(Caller.ADMIN_ROLE, List.copyOf(admin));
		roles.put("member", MEMBER_SCOPES);
		return roles;
	}

}
