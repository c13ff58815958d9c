package io.strata.platform.security;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scopes an authenticated caller holds, from its {@code SCOPE_x} authorities
 * ({@link ClaimAuthorities}).
 */
public final class GrantedScopes {

	/** The authority prefix of a scope ({@link ClaimAuthorities}). */
	public static final String PREFIX = "SCOPE_";

	private GrantedScopes() {
	}

	public static Set<String> of(Authentication authentication) {
		return (authentication != null) ? of(authentication.getAuthorities()) : Set.of();
	}

	public static Set<String> of(Collection<? extends GrantedAuthority> authorities) {
		return authorities.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority != null && authority.startsWith(PREFIX))
			.map((authority) -> authority.substring(PREFIX.length()))
			.collect(Collectors.toUnmodifiableSet());
	}

}
