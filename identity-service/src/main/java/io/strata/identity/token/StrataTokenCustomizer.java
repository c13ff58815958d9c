package io.strata.identity.token;

import java.util.List;
import java.util.Set;

import io.strata.identity.client.OAuthClients;

import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Gives the authorization server's tokens the Strata shape (see {@link AccessTokens}):
 * the tenant comes from the client's registration, {@code azp} is the client.
 */
@Component
class StrataTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final AccessTokens tokens;

	StrataTokenCustomizer(AccessTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		this.tokens.signingHeader(context.getJwsHeader());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			RegisteredClient client = context.getRegisteredClient();
			String tenantId = client.getClientSettings().getSetting(OAuthClients.TENANT_SETTING);
			Set<String> scopes = context.getAuthorizedScopes();
			this.tokens.strataClaims(context.getClaims(), tenantId, scopes, List.of(), client.getClientId());
		}
	}

}
