package io.strata.platform.security;

import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The scopes an authenticated caller holds, from its {@code SCOPE_x} authorities
 * ({@link ClaimAuthorities}).
 */
public final class GrantedScopes {

	private static final String SCOPE = "SCOPE_";

	private GrantedScopes() {
	}

	public static Set<String> of(Authentication authentication) {
		if (authentication == null) {
			return Set.of();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(SCOPE))
			.map((authority) -> authority.substring(SCOPE.length()))
			.collect(Collectors.toUnmodifiableSet());
	}

	/** The scopes of this thread's caller (servlet services). */
	public static Set<String> current() {
		return of(SecurityContextHolder.getContext().getAuthentication());
	}

}
