package io.strata.identity.login;

import org.springframework.security.core.AuthenticationException;

/** A sign-in that did not start from an app: no tenant to look the user up in. */
class NoApplication extends AuthenticationException {

	NoApplication() {
		super("Sign-in must start from an application");
	}

}
