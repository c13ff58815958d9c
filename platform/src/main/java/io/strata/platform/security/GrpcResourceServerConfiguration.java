package io.strata.platform.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.config.Customizer;

/**
 * gRPC calls need the same JWT as HTTP calls (callers forward the user's token), except
 * the standard health and reflection services that orchestrators and tools probe, and one
 * of the scopes {@link RouteScopes} names for the method: a token lacking them gets
 * {@code PERMISSION_DENIED}.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.grpc.server.autoconfigure.security.GrpcSecurityAutoConfiguration")
@ConditionalOnClass(GrpcSecurity.class)
@ConditionalOnBean(GrpcSecurity.class)
@EnableConfigurationProperties(StrataSecurityProperties.class)
public class GrpcResourceServerConfiguration {

	@Bean
	@GlobalServerInterceptor
	@ConditionalOnMissingBean(AuthenticationProcessInterceptor.class)
	AuthenticationProcessInterceptor grpcResourceServerInterceptor(GrpcSecurity grpc,
			StrataSecurityProperties properties) throws Exception {
		List<String> publicMethods = new ArrayList<>(
				List.of("grpc.health.v1.Health/*", "grpc.reflection.v1.ServerReflection/*"));
		publicMethods.addAll(properties.grpcPublicMethods());
		return grpc.authorizeRequests((requests) -> {
			requests.methods(publicMethods.toArray(String[]::new)).permitAll();
			RouteScopes.grpcMethods()
				.forEach((method, scopes) -> requests.methods(method)
					.hasAnyAuthority(
							scopes.stream().map((scope) -> GrantedScopes.PREFIX + scope).toArray(String[]::new)));
			requests.allRequests().authenticated();
		}).oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults())).build();
	}

}
