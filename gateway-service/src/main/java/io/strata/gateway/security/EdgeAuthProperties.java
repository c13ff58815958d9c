package io.strata.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the edge authenticates callers.
 *
 * @param publicPaths paths that need neither token nor API key: sign-in (whose MFA and
 * enrolment steps carry a challenge instead), password reset and invitation acceptance
 * (they carry single-use tokens), the browser login page, SCIM (identity checks its
 * per-tenant SCIM token itself), token and discovery endpoints, docs (the GraphQL schema
 * and GraphiQL's page among them; GraphQL itself needs credentials), health
 * @param jwksCacheTtl how long the JWKS is kept before it is fetched again
 * @param jwksRefreshMinInterval at most two JWKS fetches per interval (Nimbus' rate
 * limit) when tokens carry unknown key ids, so forged tokens cannot turn the gateway
 * against identity
 * @param tokenCacheSize verified tokens kept by hash until they expire
 * @param apiKeyCacheTtl how long a resolved API key is trusted; a revoked key stops
 * working within this time
 * @param apiKeyNegativeCacheTtl how long an unknown API key is remembered as unknown
 * @param apiKeyTokenMargin a resolved API key is not reused once its access token has
 * less than this left, so the token forwarded to a service is still valid when the
 * service checks it
 * @param identityGrpc identity-service's gRPC address ({@code host:port})
 * @param grpcDeadline deadline of one call to identity
 */
@ConfigurationProperties("strata.gateway.auth")
public record EdgeAuthProperties(@DefaultValue( {
		"/oauth2/**", "/.well-known/**", "/v2/auth/login", "/v2/auth/refresh", "/v2/auth/logout", "/v2/auth/mfa/verify",
		"/v2/auth/mfa/enrol", "/v2/auth/password-reset", "/v2/auth/password-reset/confirm", "/v2/invitations/accept",
		"/login", "/login/**", "/scim/v2/**", "/docs", "/docs/**", "/graphiql", "/graphql/schema.graphqls",
		"/swagger-ui/**", "/webjars/**", "/actuator/health", "/actuator/health/**",
		"/actuator/prometheus" }) List<String> publicPaths, @DefaultValue("5m") Duration jwksCacheTtl,
		@DefaultValue("30s") Duration jwksRefreshMinInterval, @DefaultValue("10000") int tokenCacheSize,
		@DefaultValue("30s") Duration apiKeyCacheTtl, @DefaultValue("5s") Duration apiKeyNegativeCacheTtl,
		@DefaultValue("5s") Duration apiKeyTokenMargin, String identityGrpc, @DefaultValue("2s") Duration grpcDeadline){

}
