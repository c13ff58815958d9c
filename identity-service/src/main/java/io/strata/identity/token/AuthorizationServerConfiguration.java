package io.strata.identity.token;

import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.strata.identity.audit.AuditLog;
import io.strata.identity.client.ClientSecrets;
import io.strata.identity.client.OAuthClients;
import io.strata.identity.config.IdentityProperties;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;
import io.strata.platform.security.JwtDecoders;
import io.strata.platform.security.SignatureVerification;
import io.strata.platform.security.StrataSecurityProperties;
import io.strata.platform.tenant.TenantScope;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2AccessTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security's OAuth2 authorization server on identity's own stores: clients and
 * authorizations in PostgreSQL (clients kept in memory for the token endpoint, see
 * {@code client.CachedClients}; client_credentials grants not stored, see
 * {@link ClientCredentialsAuthorizations}), keys from the {@link KeyRing}. Its filter
 * chain matches only the protocol endpoints ({@code /oauth2/**}, {@code /.well-known/**},
 * {@code /connect/**}, {@code /userinfo}) and precedes the platform's resource-server
 * chain, which keeps guarding everything else.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuthorizationServerConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, ProblemResponseWriter problems,
			JwtDecoder jwtDecoder, JdbcTemplate jdbc, RegisteredClientRepository registeredClients,
			ClientSecrets clientSecrets) throws Exception {
		// a browser sent to /oauth2/authorize without a session signs in on the login
		// page (io.strata.identity.login), which sends it back here; the other endpoints
		// answer problem+json
		RequestMatcher authorize = PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize");
		AuthenticationEntryPoint loginPage = new LoginUrlAuthenticationEntryPoint("/login");
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults())
				.clientAuthentication((clients) -> clients.authenticationConverter(new PublicClientRefresh.Converter())
					.authenticationProviders((providers) -> {
						providers.forEach((provider) -> {
							if (provider instanceof ClientSecretAuthenticationProvider secretProvider) {
								secretProvider.setPasswordEncoder(clientSecrets.encoder());
							}
						});
						providers.add(0, new PublicClientRefresh.Provider(registeredClients));
					}))
				.authorizationEndpoint(
						(endpoint) -> endpoint.authenticationProviders((providers) -> providers.forEach((provider) -> {
							if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
								codeRequests.setAuthenticationValidator(
										new OAuth2AuthorizationCodeRequestAuthenticationValidator()
											.andThen(AuthorizationServerConfiguration::sameTenant));
							}
						})))
				.tokenEndpoint((endpoint) -> endpoint.accessTokenRequestConverter(new DefaultClientScopes())
					.accessTokenResponseHandler(tokenResponse()))
				.tokenIntrospectionEndpoint((introspection) -> introspection
					.authenticationProviders((providers) -> providers
						.replaceAll((provider) -> (provider instanceof OAuth2TokenIntrospectionAuthenticationProvider)
								? new SignInTokenIntrospection(provider, jwtDecoder, jdbc) : provider)));
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				if (authorize.matches(request)) {
					loginPage.commence(request, response, ex);
				}
				else {
					problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized",
							"Unauthorized", "Authentication is required: " + ex.getMessage()));
				}
			}));
		return http.build();
	}

	private static OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse() {
		OAuth2AccessTokenResponseAuthenticationSuccessHandler handler = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
		handler.setAccessTokenResponseCustomizer(new TokenResponseScope());
		return handler;
	}

	/**
	 * A browser session signed in for one tenant's app gets no code for another tenant's
	 * app: users and their emails belong to a tenant. (The token endpoint checks it
	 * again: see {@link StrataTokenCustomizer}.)
	 */
	private static void sameTenant(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String clientTenant = context.getRegisteredClient().getClientSettings().getSetting(OAuthClients.TENANT_SETTING);
		SignedInUsers.tenantOf((Authentication) request.getPrincipal())
			.filter((userTenant) -> !userTenant.equals(clientTenant))
			.ifPresent((userTenant) -> {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(
						new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
								"Signed in to another organisation: sign out first", null),
						request);
			});
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients,
			TenantScope tenants, AuditLog audit, JwtDecoder jwtDecoder) {
		return new ClientCredentialsAuthorizations(
				new RefreshTokenReuse(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbc, clients, tenants, audit),
				clients, jwtDecoder);
	}

	/**
	 * Spring's token generators, with the Strata claims, and refresh tokens for public
	 * clients too (see {@link PublicClientRefresh}).
	 */
	@Bean
	OAuth2TokenGenerator<OAuth2Token> tokenGenerator(JwtEncoder encoder, StrataTokenCustomizer customizer) {
		JwtGenerator jwts = new JwtGenerator(encoder);
		jwts.setJwtCustomizer(customizer);
		return new DelegatingOAuth2TokenGenerator(jwts, new OAuth2AccessTokenGenerator(),
				new PublicClientRefresh.Tokens());
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> keys) {
		return new KeyRingJwtEncoder(keys);
	}

	/**
	 * Identity verifies its own tokens against its key ring directly, instead of fetching
	 * its own JWKS over HTTP, with the same checks as every other service.
	 */
	@Bean
	JwtDecoder jwtDecoder(KeyRing keys, StrataSecurityProperties security) {
		// RS256, ES256 and EdDSA: Spring's SignatureAlgorithm has no EdDSA
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer((processor) -> SignatureVerification.configure(processor, keys))
			.build();
		decoder.setJwtValidator(JwtDecoders.validator(security));
		return decoder;
	}

	/**
	 * Argon2id for people's passwords (Spring Security's current parameters); client
	 * secrets have their own encoding ({@link ClientSecrets}); the {@code {argon2}}
	 * prefix lets the algorithm change later without a migration.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder("argon2",
				Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
	}

}
