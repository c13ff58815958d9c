package io.strata.platform.tenant;

import java.util.Optional;

import io.strata.platform.problem.ProblemException;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The tenant of the current request, taken from the access token's {@code tid} claim.
 * Services never take the tenant from a request parameter or body.
 */
public final class TenantContext {

	/** The claim that carries the tenant id. */
	public static final String TENANT_CLAIM = "tid";

	private TenantContext() {
	}

	public static Optional<String> currentTenant() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
			return Optional.ofNullable(jwt.getClaimAsString(TENANT_CLAIM)).filter((tid) -> !tid.isBlank());
		}
		return Optional.empty();
	}

	/**
	 * Whether a tenant named in a request (a gRPC message, for instance) is the caller's
	 * own. A token without a tenant owns none, so it is never granted another tenant's
	 * data.
	 */
	public static boolean isCallersTenant(String tenantId) {
		return tenantId != null && !tenantId.isEmpty() && currentTenant().map(tenantId::equals).orElse(false);
	}

	/** The current tenant; a 403 problem when the token carries none. */
	public static String requireTenant() {
		return currentTenant().orElseThrow(TenantContext::noTenant);
	}

	/** The 403 problem of a token without a tenant. */
	public static ProblemException noTenant() {
		return new ProblemException(HttpStatus.FORBIDDEN, "no-tenant", "No tenant",
				"The access token carries no tenant (tid claim).");
	}

}
