package io.strata.platform.security;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.mtls.MtlsHttpClients;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;
import io.strata.platform.tenant.RefusedTenants;
import io.strata.platform.tenant.RefusingSuspendedTenants;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Makes a servlet service a resource server: every path but the public ones needs a valid
 * JWT from identity's JWKS and the scope {@link RouteScopes} names for it; failures
 * answer 401/403 problem+json with {@code WWW-Authenticate}; a suspended or deleted
 * tenant's token gets 403 {@code tenant-suspended} ({@link RefusedTenants}, when the
 * service reads identity's events). A service adds its own, more specific chains with a
 * higher precedence when it needs them (identity's token endpoints). Method security is
 * on: what a route needs beyond its scope is a {@code @PreAuthorize}
 * ({@link TenantAdmin}, {@link PlatformAdmin}), refused with the same 403
 * {@code forbidden} ({@code ServletProblemHandler}).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@EnableConfigurationProperties(StrataSecurityProperties.class)
@EnableMethodSecurity
public class ServletResourceServerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(ServletResourceServerConfiguration.class);

	private static final String KEYS_RETRY_AFTER_SECONDS = "2";

	/**
	 * Accepts tokens signed with RS256, ES256 or EdDSA (whichever identity is configured
	 * with: {@link SignatureVerification}); Spring's own selector only knows RS256. The
	 * gRPC resource server uses this bean too.
	 */
	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	JwtDecoder jwtDecoder(StrataSecurityProperties properties, ObjectProvider<SslBundles> bundles)
			throws MalformedURLException {
		JWKSource<SecurityContext> keys = remoteKeys(properties.jwksUri(),
				MtlsHttpClients.resourceRetriever(bundles.getIfAvailable(DefaultSslBundleRegistry::new)));
		// Spring runs the customizer after setting its RS256-only key selector
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwtProcessorCustomizer((processor) -> SignatureVerification.configure(processor, keys))
			.build();
		decoder.setJwtValidator(JwtDecoders.validator(properties));
		return VerifiedTokens.wrap(decoder, properties.verifiedTokens());
	}

	/**
	 * Identity's JWKS, kept for five minutes; a token whose {@code kid} is unknown
	 * triggers a refresh, at most two fetches per 30 seconds (Nimbus' defaults, as at the
	 * gateway), so forged tokens cannot flood identity. A refresh the rate limit refuses
	 * means no key for that token: it is rejected as invalid (401), not as a server
	 * error. With mTLS on, identity's port wants this service's certificate.
	 */
	static JWKSource<SecurityContext> remoteKeys(String jwksUri, ResourceRetriever retriever)
			throws MalformedURLException {
		JWKSource<SecurityContext> fetched = JWKSourceBuilder
			.<SecurityContext>create(URI.create(jwksUri).toURL(), retriever)
			.cache(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
			.rateLimited(JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL)
			.refreshAheadCache(false)
			.retrying(false)
			.build();
		return (selector, context) -> {
			try {
				return fetched.get(selector, context);
			}
			catch (RateLimitReachedException ex) {
				log.debug("JWKS refresh refused by the rate limit: no key for this token");
				return List.of();
			}
		};
	}

	/**
	 * No observation of Spring Security's own steps, as at the gateway: with them on,
	 * every filter of the chain is wrapped in an observing decorator that records an
	 * event and bumps a counter per request (about a tenth of identity's CPU per token
	 * request under {@code ./strata bench edge tokens}). The server span covers the
	 * request.
	 */
	@Bean
	@ConditionalOnMissingBean
	static SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * Lets {@code @PreAuthorize} meta-annotations take attributes ({@link TenantAdmin}'s
	 * {@code scope} fills its expression's {@code '{scope}'}).
	 */
	@Bean
	@ConditionalOnMissingBean
	static AnnotationTemplateExpressionDefaults annotationTemplates() {
		return new AnnotationTemplateExpressionDefaults();
	}

	/** What method security's expressions call as {@code @strata.…}. */
	@Bean(CallerChecks.BEAN)
	CallerChecks callerChecks() {
		return new CallerChecks();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 10)
	@ConditionalOnMissingBean(name = "resourceServerFilterChain")
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, StrataSecurityProperties properties,
			ProblemResponseWriter problems, ObjectProvider<RefusedTenants> refusedTenants) throws Exception {
		JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
		authentication.setJwtGrantedAuthoritiesConverter(new ClaimAuthorities());
		BearerTokenAuthenticationEntryPoint bearerChallenge = new BearerTokenAuthenticationEntryPoint();
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers(properties.publicPaths().toArray(String[]::new))
					.permitAll()
					.anyRequest()
					.access(new RouteScopeAuthorization()))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.oauth2ResourceServer((oauth2) -> oauth2.jwt((jwt) -> jwt.jwtAuthenticationConverter(authentication))
				.authenticationEntryPoint((request, response, ex) -> {
					bearerChallenge.commence(request, response, ex);
					unauthorized(problems, request, response, ex);
				})
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler((request, response, ex) -> {
							if (ex instanceof AuthenticationServiceException) {
								keysUnavailable(problems, request, response, ex);
								return;
							}
							bearerChallenge.commence(request, response, ex);
							unauthorized(problems, request, response, ex);
						});
						return filter;
					}
				})
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response,
						Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
								RouteScopeAuthorization.required(request)
									.map(RouteScopes::missingScopeDetail)
									.orElse(ProblemException.FORBIDDEN_DETAIL)))))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				bearerChallenge.commence(request, response, ex);
				unauthorized(problems, request, response, ex);
			}));
		refusedTenants.ifAvailable((refused) -> http.addFilterAfter(new RefusingSuspendedTenants(refused, problems),
				BearerTokenAuthenticationFilter.class));
		return http.build();
	}

	/**
	 * Identity's keys could not be fetched (a timeout, identity down): the token may be
	 * fine, so the caller is told to retry (503 with {@code Retry-After}) rather than
	 * that its token is bad, and Spring's default (rethrowing, a 500) is not reached.
	 */
	private static void keysUnavailable(ProblemResponseWriter problems, HttpServletRequest request,
			HttpServletResponse response, AuthenticationException ex) throws IOException {
		log.warn("Access token not checked, identity's keys are unavailable: {}", ex.getMessage());
		response.setHeader(HttpHeaders.RETRY_AFTER, KEYS_RETRY_AFTER_SECONDS);
		problems.write(request, response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"Service unavailable", "The access token cannot be checked right now; retry shortly."));
	}

	private static void unauthorized(ProblemResponseWriter problems, HttpServletRequest request,
			HttpServletResponse response, AuthenticationException ex) throws IOException {
		problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
				"A valid access token is required: " + ex.getMessage()));
	}

}
