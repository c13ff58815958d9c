package io.strata.platform.security;

/**
 * The checks {@code @PreAuthorize} expressions call as {@code @strata.…} (bean
 * {@value #BEAN}): {@link TenantAdmin} and {@link PlatformAdmin} are written with them.
 */
public final class CallerChecks {

	/** The bean name expressions use. */
	public static final String BEAN = "strata";

	public boolean isAdmin(String adminScope) {
		return Caller.current().isAdmin(adminScope);
	}

	public boolean isPlatformAdmin(String platformScope) {
		return Caller.current().isPlatformAdmin(platformScope);
	}

}
