package io.strata.identity.token;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.strata.identity.client.OAuthClients;
import io.strata.identity.role.Roles;
import io.strata.identity.tenant.Tenant;
import io.strata.identity.tenant.Tenants;
import io.strata.identity.user.Users;
import io.strata.platform.tenant.TenantScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives the authorization server's tokens the Strata shape (see {@link AccessTokens}):
 * the tenant comes from the client's registration, {@code azp} is the client. A token for
 * a user (authorization code, and every refresh of it) carries the user's roles, read
 * again each time in the client's tenant, and only the scopes both the client was granted
 * and the user's roles allow: an app cannot lift a user above their roles, and a disabled
 * user, or one of another tenant, gets no token.
 */
@Component
class StrataTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final AccessTokens tokens;

	private final TenantScope tenants;

	private final Users users;

	private final JdbcTemplate jdbc;

	private final Tenants tenantRecords;

	StrataTokenCustomizer(AccessTokens tokens, TenantScope tenants, Users users, JdbcTemplate jdbc,
			Tenants tenantRecords) {
		this.tenantRecords = tenantRecords;
		this.tokens = tokens;
		this.tenants = tenants;
		this.users = users;
		this.jdbc = jdbc;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		this.tokens.signingHeader(context.getJwsHeader());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			RegisteredClient client = context.getRegisteredClient();
			String tenantId = client.getClientSettings().getSetting(OAuthClients.TENANT_SETTING);
			requireActive(tenantId);
			Set<String> scopes = context.getAuthorizedScopes();
			if (forUser(context)) {
				UserGrant grant = userGrant(tenantId, context.getPrincipal().getName());
				Set<String> allowed = scopes.stream()
					.filter((scope) -> grant.scopes().contains(scope) || OidcScopes.OPENID.equals(scope))
					.collect(Collectors.toCollection(TreeSet::new));
				this.tokens.strataClaims(context.getClaims(), tenantId, allowed, grant.roles(), client.getClientId());
			}
			else {
				this.tokens.strataClaims(context.getClaims(), tenantId, scopes, List.of(), client.getClientId());
			}
		}
	}

	/**
	 * A suspended or deleted tenant's clients get no tokens, by any grant: the token
	 * endpoint answers {@code unauthorized_client}.
	 */
	private void requireActive(String tenantId) {
		if (tenantId != null
				&& this.tenantRecords.status(tenantId).orElse(Tenant.Status.DELETED) != Tenant.Status.ACTIVE) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"tenant-suspended: the client's organisation is suspended", null));
		}
	}

	private static boolean forUser(JwtEncodingContext context) {
		AuthorizationGrantType grant = context.getAuthorizationGrantType();
		return AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
				|| (AuthorizationGrantType.REFRESH_TOKEN.equals(grant) && context.getAuthorization() != null
						&& AuthorizationGrantType.AUTHORIZATION_CODE
							.equals(context.getAuthorization().getAuthorizationGrantType()));
	}

	private UserGrant userGrant(String tenantId, String userId) {
		UserGrant grant = (tenantId == null) ? null
				: this.tenants.call(tenantId,
						(status) -> this.users.find(userId)
							.filter((user) -> !user.disabled())
							.map((user) -> new UserGrant(user.roles(), Roles.scopesOf(this.jdbc, user.roles())))
							.orElse(null));
		if (grant == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The user is unknown in the client's tenant, or disabled", null));
		}
		return grant;
	}

	private record UserGrant(List<String> roles, Set<String> scopes) {

	}

}
