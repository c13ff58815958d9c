package io.strata.platform.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a service checks access tokens. Every service is a resource server: it validates
 * the JWT again even behind the gateway (zero trust).
 *
 * @param jwksUri identity's JWKS URL
 * @param issuer expected {@code iss} (the platform's public URL); not checked when empty
 * @param audiences accepted {@code aud} values; not checked when empty
 * @param clockSkew how far the token's {@code exp} and {@code nbf} may be off
 * @param publicPaths Ant-style paths that need no token (health, metrics, documents)
 * @param grpcPublicMethods gRPC methods ({@code package.Service/Method}, {@code *} for
 * all of a service) that need no token, besides the standard health and reflection
 * services; for calls whose request carries its own credential
 */
@ConfigurationProperties("strata.security")
public record StrataSecurityProperties(String jwksUri, String issuer, @DefaultValue List<String> audiences,
		@DefaultValue("30s") Duration clockSkew, @DefaultValue( {
				"/actuator/**", "/error", "/v3/api-docs/**" }) List<String> publicPaths,
		@DefaultValue List<String> grpcPublicMethods, @DefaultValue("10000") int verifiedTokens){

}
