package io.strata.identity.login;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The second step of the browser sign-in, {@code POST /login/mfa}: Spring Security's
 * authentication processing (session id changed, security context saved, back to the
 * saved authorization request) around the code check, as form login does for the
 * password.
 */
class SecondFactorFilter extends AbstractAuthenticationProcessingFilter {

	/** The session attribute that holds the password step's challenge. */
	static final String CHALLENGE = SecondFactorFilter.class.getName() + ".challenge";

	SecondFactorFilter() {
		super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login/mfa"));
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		Object challenge = (session != null) ? session.getAttribute(CHALLENGE) : null;
		if (challenge == null) {
			throw new AuthenticationServiceException("No sign-in is waiting for a code");
		}
		String code = request.getParameter("code");
		return getAuthenticationManager().authenticate(new SecondFactorCode(challenge.toString(), code));
	}

}
