package io.strata.identity.login;

import io.strata.identity.auth.BrowserSignIn;
import io.strata.identity.token.SignedInUsers;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The login form's email and password, checked by {@link BrowserSignIn} in the tenant of
 * the app the sign-in is for. A user with a second factor is not signed in yet: the
 * answer is {@link SecondFactorNeeded}.
 */
class PasswordAuthenticationProvider implements AuthenticationProvider {

	private final BrowserSignIn signIn;

	PasswordAuthenticationProvider(BrowserSignIn signIn) {
		this.signIn = signIn;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		if (!(authentication.getDetails() instanceof LoginDetails details) || details.tenantId() == null) {
			throw new NoApplication();
		}
		String email = authentication.getName();
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : "";
		BrowserSignIn.PasswordChecked checked = this.signIn.password(email, password, details.tenantId(),
				details.clientAddress());
		return switch (checked) {
			case BrowserSignIn.SignedIn signedIn -> {
				AbstractAuthenticationToken result = SignedInUsers.of(signedIn.user(), false);
				// the authorization server stores the authentication as JSON and reads
				// back
				// only Spring Security's own types: the standard details, not ours (which
				// the provider manager would otherwise copy over)
				result.setDetails(new WebAuthenticationDetails(details.clientAddress(), null));
				yield result;
			}
			case BrowserSignIn.SecondFactorRequired required -> throw new SecondFactorNeeded(required.challenge());
		};
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
