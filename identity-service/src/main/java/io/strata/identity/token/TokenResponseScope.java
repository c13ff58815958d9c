package io.strata.identity.token;

import java.text.ParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;

/**
 * The token response's {@code scope} names what the access token really carries. The
 * authorization server answers with the scopes the client was authorized for, but
 * {@link StrataTokenCustomizer} narrows a user's token to what the user's roles allow;
 * RFC 6749 (5.1) wants the response to say so when the two differ. The access token is a
 * JWT this server has just signed, so its claims are read without verifying it again.
 */
final class TokenResponseScope implements Consumer<OAuth2AccessTokenAuthenticationContext> {

	@Override
	public void accept(OAuth2AccessTokenAuthenticationContext context) {
		OAuth2AccessTokenAuthenticationToken authentication = context.getAuthentication();
		try {
			Object scope = JWTParser.parse(authentication.getAccessToken().getTokenValue())
				.getJWTClaimsSet()
				.getClaim("scope");
			if (scope instanceof String granted) {
				context.getAccessTokenResponse().scopes(scopes(granted));
			}
		}
		catch (ParseException ex) {
			// an opaque token: the response keeps the authorization's scopes
		}
	}

	private static Set<String> scopes(String granted) {
		return Arrays.stream(granted.split(" ")).filter((scope) -> !scope.isBlank()).collect(Collectors.toSet());
	}

}
