package io.strata.platform.security;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling a servlet service (HTTP or gRPC): the tenant and subject of the access
 * token and its authorities ({@code SCOPE_x} from {@code scope}, {@code ROLE_x} from
 * {@code roles}: {@link ClaimAuthorities}). The route's scope is checked before a
 * controller runs ({@link RouteScopes}); what a route needs beyond it is a
 * {@code @PreAuthorize} ({@link TenantAdmin}, {@link PlatformAdmin}) or, where it depends
 * on the request, a question to this record.
 */
public record Caller(String tenantId, String subject, Collection<? extends GrantedAuthority> authorities) {

	/** The role of a tenant's administrators. */
	public static final String ADMIN_ROLE = "admin";

	/** The role of the platform's operators (every tenant, signing keys, rebuilds). */
	public static final String PLATFORM_ADMIN_ROLE = "platform-admin";

	private static final String ROLE_PREFIX = "ROLE_";

	/**
	 * The current caller; a 403 problem {@code no-tenant} when the token carries none.
	 */
	public static Caller current() {
		return authenticated().filter((caller) -> caller.tenantId() != null).orElseThrow(TenantContext::noTenant);
	}

	/**
	 * The current caller when a token authenticated the call (a gRPC call from a service
	 * over mutual TLS carries none); its tenant is null when the token names none.
	 */
	public static Optional<Caller> authenticated() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			return Optional.empty();
		}
		return Optional.of(new Caller(TenantContext.currentTenant().orElse(null), jwt.getSubject(),
				authentication.getAuthorities()));
	}

	/**
	 * Checks a call (gRPC, say) as its REST twin would be checked: the caller holds one
	 * of the scopes {@link RouteScopes} names for the twin route, and the tenant the call
	 * names is its own; a 403 problem {@code forbidden} otherwise.
	 * @param method the twin's HTTP method
	 * @param route the twin's path, such as {@code /v2/webhooks}
	 * @param tenantId the tenant the call names
	 * @return this caller
	 */
	public Caller requireAsRoute(HttpMethod method, String route, String tenantId) {
		Set<String> required = RouteScopes.required(method, PathContainer.parsePath(route)).orElse(Set.of());
		if (!required.isEmpty() && !holdsOneOf(required)) {
			throw ProblemException.forbidden(RouteScopes.missingScopeDetail(required));
		}
		if (!owns(tenantId)) {
			throw ProblemException.forbidden("Not the caller's tenant.");
		}
		return this;
	}

	/** The scopes the caller's token carries. */
	public Set<String> scopes() {
		return GrantedScopes.of(this.authorities);
	}

	public boolean hasScope(String scope) {
		return has(GrantedScopes.PREFIX + scope);
	}

	public boolean hasRole(String role) {
		return has(ROLE_PREFIX + role);
	}

	/**
	 * Whether the caller holds one of these scopes (a route's, from {@link RouteScopes}).
	 */
	public boolean holdsOneOf(Set<String> scopes) {
		return RouteScopes.grants(scopes(), scopes);
	}

	/** Whether a tenant named in a request (a gRPC message) is the caller's own. */
	public boolean owns(String tenantId) {
		return this.tenantId != null && this.tenantId.equals(tenantId);
	}

	/**
	 * Whether the caller administers its tenant: the {@code admin} role (a user) or the
	 * service's admin scope (a client, an API key).
	 */
	public boolean isAdmin(String adminScope) {
		return hasRole(ADMIN_ROLE) || hasScope(adminScope);
	}

	/**
	 * Whether the caller operates the platform: the {@code platform-admin} role (a user)
	 * or the scope the service names for it (a client).
	 */
	public boolean isPlatformAdmin(String platformScope) {
		return hasRole(PLATFORM_ADMIN_ROLE) || hasScope(platformScope);
	}

	private boolean has(String authority) {
		return this.authorities.stream().anyMatch((granted) -> authority.equals(granted.getAuthority()));
	}

}
