package io.strata.platform.security;

import java.util.List;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The API routes a caller reaches without a token or API key: signing in (whose MFA and
 * enrolment steps carry a challenge instead), refreshing and revoking a session, password
 * reset and invitation acceptance (they carry single-use tokens), and SCIM (which carries
 * the tenant's SCIM token, checked by identity). The gateway lets them through
 * unauthenticated and the API document shows them without security.
 */
public final class PublicRoutes {

	/** Path patterns of the public API routes. */
	public static final List<String> API = List.of("/v2/auth/login", "/v2/auth/refresh", "/v2/auth/logout",
			"/v2/auth/mfa/verify", "/v2/auth/mfa/enrol", "/v2/auth/password-reset", "/v2/auth/password-reset/confirm",
			"/v2/invitations/accept", "/scim/v2/**");

	private static final List<PathPattern> PATTERNS = API.stream()
		.map(PathPatternParser.defaultInstance::parse)
		.toList();

	private PublicRoutes() {
	}

	/** Whether a request path (or a documented path template) is a public API route. */
	public static boolean isPublic(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return PATTERNS.stream().anyMatch((pattern) -> pattern.matches(container));
	}

}
