package io.strata.identity.login;

import io.strata.identity.auth.BrowserSignIn;
import io.strata.identity.token.SignedInUsers;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/** The code page's TOTP or recovery code, checked against the session's challenge. */
class SecondFactorAuthenticationProvider implements AuthenticationProvider {

	private final BrowserSignIn signIn;

	SecondFactorAuthenticationProvider(BrowserSignIn signIn) {
		this.signIn = signIn;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		SecondFactorCode code = (SecondFactorCode) authentication;
		return SignedInUsers.of(this.signIn.secondFactor(code.challenge(), code.code()), true);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return SecondFactorCode.class.isAssignableFrom(authentication);
	}

}
