package io.strata.identity.role;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.Caller;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.tenant.TenantScope;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A caller grants only what it holds itself: roles whose scopes are all among the
 * caller's own, scopes (of a client or API key) the caller's token carries, and
 * platform-level roles only as a platform admin. Otherwise an {@code identity.admin}
 * could mint a client with {@code identity.keys} or a user with {@code platform-admin}.
 */
@Component
public class Grants {

	private final TenantScope tenants;

	private final JdbcTemplate jdbc;

	Grants(TenantScope tenants, JdbcTemplate jdbc) {
		this.tenants = tenants;
		this.jdbc = jdbc;
	}

	/** Fails with 403 unless the caller may give these roles. */
	public void requireRoles(Caller caller, Collection<String> roles) {
		if (roles == null || roles.isEmpty()) {
			return;
		}
		if (!caller.isPlatformAdmin(RouteScopes.IDENTITY_KEYS)
				&& roles.stream().anyMatch(Roles.PLATFORM::containsKey)) {
			throw forbidden("Only a platform admin grants the platform roles " + Roles.PLATFORM.keySet() + ".");
		}
		requireHeld(caller, this.tenants.call(caller.tenantId(), (status) -> Roles.scopesOf(this.jdbc, roles)),
				"roles with scopes");
	}

	/**
	 * Fails with 403 unless the caller holds every one of these scopes that the tenant's
	 * roles know (an unknown scope is bad input, which the use case answers with 400).
	 */
	public void requireScopes(Caller caller, Collection<String> scopes) {
		Set<String> known = new TreeSet<>(scopes);
		known.retainAll(this.tenants.call(caller.tenantId(), (status) -> Roles.scopesOfTenant(this.jdbc)));
		requireHeld(caller, known, "scopes");
	}

	private static void requireHeld(Caller caller, Set<String> scopes, String what) {
		Set<String> missing = new TreeSet<>(scopes);
		missing.removeAll(caller.scopes());
		if (!missing.isEmpty()) {
			throw forbidden("You cannot grant " + what + " you do not hold yourself: " + List.copyOf(missing) + ".");
		}
	}

	private static ProblemException forbidden(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, "grant-forbidden", "Grant not permitted", detail);
	}

}
