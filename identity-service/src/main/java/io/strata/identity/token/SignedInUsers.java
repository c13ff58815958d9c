package io.strata.identity.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.strata.identity.user.User;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication a browser session holds once sign-in is complete. Its name is the
 * user id (the tokens' {@code sub}); it carries nothing else the authorization server
 * would have to store: roles and scopes are read again whenever a token is issued, so a
 * disabled user or a removed role takes effect at the next refresh.
 */
public final class SignedInUsers {

	static final String TENANT_AUTHORITY_PREFIX = "TENANT_";

	static final String TOTP_FACTOR = "TOTP";

	private SignedInUsers() {
	}

	/** The tenant a signed-in browser session's user belongs to, if it is one. */
	public static Optional<String> tenantOf(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return Optional.empty();
		}
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(TENANT_AUTHORITY_PREFIX))
			.map((authority) -> authority.substring(TENANT_AUTHORITY_PREFIX.length()))
			.findFirst();
	}

	/**
	 * @param secondFactor whether a TOTP or recovery code completed the sign-in
	 */
	public static AbstractAuthenticationToken of(User user, boolean secondFactor) {
		// the factors, with when they were given: the ID token's auth_time
		List<GrantedAuthority> authorities = new ArrayList<>();
		authorities.add(FactorGrantedAuthority.fromAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY));
		if (secondFactor) {
			authorities.add(FactorGrantedAuthority.fromFactor(TOTP_FACTOR));
		}
		authorities.add(new SimpleGrantedAuthority(TENANT_AUTHORITY_PREFIX + user.tenantId()));
		return UsernamePasswordAuthenticationToken.authenticated(user.id(), null, authorities);
	}

}
