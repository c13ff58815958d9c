package io.strata.identity.token;

import java.util.Arrays;
import java.util.List;

import io.strata.identity.client.OAuthClients;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Introspection (RFC 7662) that also knows the first-party sign-in API's tokens. The
 * authorization server answers for the tokens it issued (stored, or for
 * client_credentials rebuilt from the token: {@link ClientCredentialsAuthorizations}); a
 * token it does not know is active when it is a JWT our key ring signed, unexpired (the
 * same checks as every resource server), issued by the sign-in API ({@code azp}
 * {@value AccessTokens#FIRST_PARTY}), whose session ({@code sid}, the refresh-token
 * family) is not revoked (sign-out, reuse of a spent refresh token) and whose user is
 * still enabled. Only the authorization server's own tokens can be revoked at
 * {@code /oauth2/revoke}: a first-party token lives and dies with its session. A client
 * learns about tokens of its own tenant only.
 */
class SignInTokenIntrospection implements AuthenticationProvider {

	private final AuthenticationProvider standard;

	private final JwtDecoder decoder;

	private final JdbcTemplate jdbc;

	SignInTokenIntrospection(AuthenticationProvider standard, JwtDecoder decoder, JdbcTemplate jdbc) {
		this.standard = standard;
		this.decoder = decoder;
		this.jdbc = jdbc;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken answer = (OAuth2TokenIntrospectionAuthenticationToken) this.standard
			.authenticate(authentication);
		if (answer.getTokenClaims().isActive()) {
			return answer;
		}
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		Jwt jwt = firstPartyToken(request.getToken());
		if (jwt == null || !sameTenant(request, jwt) || !sessionLive(jwt)) {
			return answer;
		}
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
			.clientId(jwt.getClaimAsString(AccessTokens.AUTHORIZED_PARTY))
			.tokenType("Bearer")
			.subject(jwt.getSubject())
			.issuer(jwt.getClaimAsString("iss"))
			.id(jwt.getId())
			.issuedAt(jwt.getIssuedAt())
			.expiresAt(jwt.getExpiresAt())
			.notBefore(jwt.getNotBefore())
			.claim(AccessTokens.TENANT, jwt.getClaimAsString(AccessTokens.TENANT))
			.claim(AccessTokens.AUTHORIZED_PARTY, jwt.getClaimAsString(AccessTokens.AUTHORIZED_PARTY));
		String scope = jwt.getClaimAsString("scope");
		if (scope != null && !scope.isBlank()) {
			claims.scopes((scopes) -> scopes.addAll(Arrays.asList(scope.split(" "))));
		}
		List<String> roles = jwt.getClaimAsStringList(AccessTokens.ROLES);
		if (roles != null) {
			claims.claim(AccessTokens.ROLES, roles);
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(),
				(Authentication) request.getPrincipal(), claims.build());
	}

	private Jwt firstPartyToken(String token) {
		try {
			Jwt jwt = this.decoder.decode(token);
			return AccessTokens.FIRST_PARTY.equals(jwt.getClaimAsString(AccessTokens.AUTHORIZED_PARTY)) ? jwt : null;
		}
		catch (JwtException ex) {
			return null;
		}
	}

	private static boolean sameTenant(OAuth2TokenIntrospectionAuthenticationToken request, Jwt jwt) {
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return false;
		}
		String clientTenant = client.getRegisteredClient().getClientSettings().getSetting(OAuthClients.TENANT_SETTING);
		return clientTenant != null && clientTenant.equals(jwt.getClaimAsString(AccessTokens.TENANT));
	}

	/**
	 * As the service: the session's tenant is in the row, and checked against the token.
	 */
	private boolean sessionLive(Jwt jwt) {
		String session = jwt.getClaimAsString(AccessTokens.SESSION);
		if (session == null) {
			return false;
		}
		return !this.jdbc.queryForList(
				"""
						SELECT 1 FROM refresh_token_families f JOIN users u ON u.id = f.user_id
						WHERE f.id::text = ? AND f.tenant_id = ? AND f.user_id = ? AND f.revoked_at IS NULL AND NOT u.disabled""",
				Integer.class, session, jwt.getClaimAsString(AccessTokens.TENANT), jwt.getSubject())
			.isEmpty();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
