package io.strata.identity.support;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.security.GrantedScopes;
import io.strata.platform.security.RouteScopes;
import io.strata.platform.tenant.TenantContext;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling: the tenant and subject of the access token, and whether it may
 * administer. Admin rights come from the {@code admin} role (users) or the
 * {@code identity.admin} scope (clients, API keys).
 */
public record Caller(String tenantId, String subject, Collection<? extends GrantedAuthority> authorities) {

	public static final String ADMIN_ROLE = "admin";

	public static final String ADMIN_SCOPE = RouteScopes.IDENTITY_ADMIN;

	public static final String PLATFORM_ADMIN_ROLE = "platform-admin";

	public static final String KEYS_SCOPE = "identity.keys";

	public static Caller current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		String subject = (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) ? jwt.getSubject()
				: "anonymous";
		return new Caller(TenantContext.requireTenant(), subject,
				(authentication != null) ? authentication.getAuthorities() : List.of());
	}

	/** The current caller, who must be an admin of their tenant. */
	public static Caller admin() {
		Caller caller = current();
		if (!caller.has("ROLE_" + ADMIN_ROLE) && !caller.has(GrantedScopes.PREFIX + ADMIN_SCOPE)) {
			throw forbidden();
		}
		return caller;
	}

	/** The current caller, who must administer the platform (signing keys). */
	public static Caller platformAdmin() {
		Caller caller = current();
		if (!caller.isPlatformAdmin()) {
			throw forbidden();
		}
		return caller;
	}

	public boolean isPlatformAdmin() {
		return has("ROLE_" + PLATFORM_ADMIN_ROLE) || has(GrantedScopes.PREFIX + KEYS_SCOPE);
	}

	/** The scopes the caller's token carries. */
	public Set<String> scopes() {
		return GrantedScopes.of(this.authorities);
	}

	private boolean has(String authority) {
		return this.authorities.stream().anyMatch((granted) -> authority.equals(granted.getAuthority()));
	}

	private static ProblemException forbidden() {
		return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"The token does not grant access to this operation.");
	}

}
