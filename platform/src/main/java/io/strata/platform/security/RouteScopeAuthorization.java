package io.strata.platform.security;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * A servlet service's check of {@link RouteScopes}: the caller must be authenticated and,
 * where the table names scopes for the route, hold one of them.
 */
final class RouteScopeAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

	private final AuthorizationManager<Object> authenticated = AuthenticatedAuthorizationManager.authenticated();

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		AuthorizationResult signedIn = this.authenticated.authorize(authentication, context);
		if (signedIn == null || !signedIn.isGranted()) {
			return signedIn;
		}
		Optional<Set<String>> required = required(context.getRequest());
		if (required.isEmpty()) {
			return signedIn;
		}
		return new AuthorizationDecision(RouteScopes.grants(GrantedScopes.of(authentication.get()), required.get()));
	}

	static Optional<Set<String>> required(HttpServletRequest request) {
		return RouteScopes.required(HttpMethod.valueOf(request.getMethod()),
				RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication());
	}

}
