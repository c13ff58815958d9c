package io.strata.identity.token;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.strata.identity.client.OAuthClients;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The authorization server's store, without a row per client_credentials token.
 * <p>
 * Spring's token endpoint stores every authorization it grants, but a client_credentials
 * access token is a self-contained JWT: the gateway and every service verify it alone,
 * and the stored row is read only by introspection and revocation
 * ({@code /oauth2/introspect}, {@code /oauth2/revoke}), which are rare, while the write
 * (and Spring's look-up by id before it) cost PostgreSQL work on every token. So such an
 * authorization is not stored when it is granted; when introspection or revocation asks
 * for a token the store does not know, it is rebuilt from the token itself, if the token
 * is one: a JWT our key ring signed and unexpired (the checks every resource server
 * makes) whose subject is its authorized party ({@code azp}), a client that still exists,
 * may use client_credentials and belongs to the token's tenant ({@code tid}). A revoked
 * token's authorization is stored then, invalidated, keyed by the token's {@code jti}, so
 * the store answers for it from then on (inactive) until the cleanup removes it after it
 * expired ({@link AuthorizationCleanup}). A deleted client's tokens are inactive, as
 * before: its registration is gone.
 * <p>
 * Every other grant (authorization code, refresh tokens) is stored as before.
 */
class ClientCredentialsAuthorizations implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService store;

	private final RegisteredClientRepository clients;

	private final JwtDecoder decoder;

	ClientCredentialsAuthorizations(OAuth2AuthorizationService store, RegisteredClientRepository clients,
			JwtDecoder decoder) {
		this.store = store;
		this.clients = clients;
		this.decoder = decoder;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (!granted(authorization)) {
			this.store.save(authorization);
		}
	}

	/** A client_credentials authorization as the token endpoint grants it. */
	private static boolean granted(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())
				&& accessToken != null && !accessToken.isInvalidated() && authorization.getRefreshToken() == null;
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.store.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.store.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		OAuth2Authorization stored = this.store.findByToken(token, tokenType);
		if (stored != null || token == null || (tokenType != null && !OAuth2TokenType.ACCESS_TOKEN.equals(tokenType))) {
			return stored;
		}
		return fromToken(token);
	}

	private OAuth2Authorization fromToken(String token) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtException ex) {
			return null;
		}
		String clientId = jwt.getClaimAsString(AccessTokens.AUTHORIZED_PARTY);
		if (clientId == null || !clientId.equals(jwt.getSubject()) || jwt.getId() == null) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)
				|| !Objects.equals(jwt.getClaimAsString(AccessTokens.TENANT),
						client.getClientSettings().getSetting(OAuthClients.TENANT_SETTING))) {
			return null;
		}
		String scope = jwt.getClaimAsString("scope");
		Set<String> scopes = (scope == null || scope.isBlank()) ? Set.of()
				: Arrays.stream(scope.split(" ")).collect(Collectors.toUnmodifiableSet());
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token,
				jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
		return OAuth2Authorization.withRegisteredClient(client)
			.id(jwt.getId())
			.principalName(clientId)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(scopes)
			.token(accessToken,
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims()))
			.build();
	}

}
