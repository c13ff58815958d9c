package io.strata.identity.token;

import java.util.Map;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import io.strata.identity.config.IdentityProperties;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;
import io.strata.platform.security.JwtDecoders;
import io.strata.platform.security.StrataSecurityProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security's OAuth2 authorization server on identity's own stores: clients and
 * authorizations in PostgreSQL, keys from the {@link KeyRing}. Its filter chain matches
 * only the protocol endpoints ({@code /oauth2/**}, {@code /.well-known/**},
 * {@code /connect/**}, {@code /userinfo}) and precedes the platform's resource-server
 * chain, which keeps guarding everything else.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuthorizationServerConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, ProblemResponseWriter problems)
			throws Exception {
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(
					(request, response, ex) -> problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED,
							"unauthorized", "Unauthorized", "Authentication is required: " + ex.getMessage()))));
		return http.build();
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IdentityProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(JdbcTemplate jdbc) {
		return new JdbcRegisteredClientRepository(jdbc);
	}

	@Bean
	OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
		return new JdbcOAuth2AuthorizationService(jdbc, clients);
	}

	@Bean
	JwtEncoder jwtEncoder(JWKSource<SecurityContext> keys) {
		return new NimbusJwtEncoder(keys);
	}

	/**
	 * Identity verifies its own tokens against its key ring directly, instead of fetching
	 * its own JWKS over HTTP, with the same checks as every other service.
	 */
	@Bean
	JwtDecoder jwtDecoder(KeyRing keys, StrataSecurityProperties security) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys).jwsAlgorithms((algorithms) -> {
			algorithms.add(SignatureAlgorithm.RS256);
			algorithms.add(SignatureAlgorithm.ES256);
		}).build();
		decoder.setJwtValidator(JwtDecoders.validator(security));
		return decoder;
	}

	/**
	 * Argon2id for passwords and client secrets (Spring Security's current parameters);
	 * the {@code {argon2}} prefix lets the algorithm change later without a migration.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new DelegatingPasswordEncoder("argon2",
				Map.of("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
	}

}
