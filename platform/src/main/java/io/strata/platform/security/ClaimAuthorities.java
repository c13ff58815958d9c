package io.strata.platform.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Maps Strata's claims to authorities: {@code scope} to {@code SCOPE_x}, {@code roles} to
 * {@code ROLE_x}.
 */
public final class ClaimAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		String scope = jwt.getClaimAsString("scope");
		if (scope != null) {
			for (String value : scope.split(" ")) {
				if (!value.isBlank()) {
					authorities.add(new SimpleGrantedAuthority(GrantedScopes.PREFIX + value));
				}
			}
		}
		List<String> roles = jwt.getClaimAsStringList("roles");
		if (roles != null) {
			roles.forEach((role) -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
		}
		return authorities;
	}

}
