package io.strata.gateway.security;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.grpc.ManagedChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.strata.gateway.paths.PathList;
import io.strata.gateway.problem.ProblemResponses;
import io.strata.platform.mtls.MtlsChannels;
import io.strata.platform.mtls.MtlsHttpClients;
import io.strata.platform.problem.Problems;
import io.strata.platform.security.ClaimAuthorities;
import io.strata.platform.security.JwtDecoders;
import io.strata.platform.security.SignatureVerification;
import io.strata.platform.security.StrataSecurityProperties;
import io.strata.proto.identity.v1.IdentityServiceGrpc;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;

/**
 * The edge's Spring Security chain: every route but the public ones needs a valid JWT
 * (identity's JWKS) or API key (identity's {@code ResolveApiKey}); failures answer 401
 * problem+json with {@code WWW-Authenticate: Bearer error="invalid_token"}. Route scopes
 * are checked later, once the gateway knows the route ({@link RouteScopeGlobalFilter}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ EdgeAuthProperties.class, StrataSecurityProperties.class,
		BadCredentials.Properties.class })
class EdgeSecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EdgeSecurityConfiguration.class);

	@Bean
	SecurityWebFilterChain edgeSecurityFilterChain(ServerHttpSecurity http, EdgeAuthProperties properties,
			EdgeAuthenticator edgeAuthenticator, ProblemResponses problems,
			CorsConfigurationSource corsConfigurationSource, AuthRejections rejections, BadCredentials badCredentials) {
		PathList publicPaths = new PathList(properties.publicPaths());
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> unauthorized(problems, rejections, exchange,
				ex);
		AuthenticationWebFilter authentication = new AuthenticationWebFilter(edgeAuthenticator.manager());
		authentication.setServerAuthenticationConverter(new EdgeCredentialsConverter());
		// public routes ignore credentials: a stale token must not block a login
		ServerWebExchangeMatcher needsCredentials = publicPaths.negated();
		authentication.setRequiresAuthenticationMatcher(needsCredentials);
		authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		authentication.setAuthenticationFailureHandler((webFilterExchange, ex) -> {
			if (!(ex instanceof AuthenticationServiceException)) {
				badCredentials.failed(webFilterExchange.getExchange());
			}
			return unauthorized(problems, rejections, webFilterExchange.getExchange(), ex);
		});
		authentication.setAuthenticationSuccessHandler(new ApiKeyTokenRelay());
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> rejections.count(exchange, AuthRejections.AUTH)
			.then(problems.write(exchange, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
					"The credentials do not grant access to this route.")));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.cors((cors) -> cors.configurationSource(corsConfigurationSource))
			.headers((headers) -> headers.frameOptions((frame) -> frame
				.mode(org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode.DENY)))
			.addFilterBefore(new BadCredentialsFilter(badCredentials, needsCredentials, problems, rejections),
					SecurityWebFiltersOrder.AUTHENTICATION)
			.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.authorizeExchange((exchanges) -> exchanges.matchers(publicPaths).permitAll().anyExchange().authenticated())
			.build();
	}

	private static Mono<Void> unauthorized(ProblemResponses problems, AuthRejections rejections,
			ServerWebExchange exchange, AuthenticationException ex) {
		if (ex instanceof AuthenticationServiceException) {
			return rejections.count(exchange, AuthRejections.AUTH_UNAVAILABLE)
				.then(problems.write(exchange, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
						"Service unavailable", "Credentials cannot be checked right now; retry shortly.")));
		}
		String detail = "A valid access token or API key is required.";
		if (ex instanceof ApiKeyWithoutAccessTokenException noToken) {
			log.warn("Identity resolved API key {} without an access token; rejecting it", noToken.keyId());
			detail = ApiKeyWithoutAccessTokenException.DETAIL;
		}
		exchange.getResponse()
			.getHeaders()
			.set("WWW-Authenticate",
					"Bearer error=\"invalid_token\", error_description=\"" + describe(exchange) + "\"");
		return rejections.count(exchange, AuthRejections.AUTH)
			.then(problems.write(exchange,
					Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail)));
	}

	/** A fixed text: token errors stay out of headers, they can carry caller input. */
	private static String describe(ServerWebExchange exchange) {
		var headers = exchange.getRequest().getHeaders();
		return (headers.containsHeader("Authorization")
				|| headers.containsHeader(EdgeCredentialsConverter.API_KEY_HEADER))
						? "The credentials are invalid, expired or revoked" : "An access token or API key is required";
	}

	/**
	 * Bearer tokens by identity's keys (their authentications kept until they expire,
	 * {@link CachingJwtAuthenticationManager}), API keys by identity's gRPC. No bean of
	 * its own: Spring Security would take a lone {@code ReactiveAuthenticationManager}
	 * bean as every chain's default.
	 */
	private static ReactiveAuthenticationManager authenticationManager(ReactiveJwtDecoder jwtDecoder, ApiKeys apiKeys,
			EdgeAuthProperties properties) {
		JwtAuthenticationConverter claims = new JwtAuthenticationConverter();
		claims.setJwtGrantedAuthoritiesConverter(new ClaimAuthorities());
		JwtReactiveAuthenticationManager verifying = new JwtReactiveAuthenticationManager(jwtDecoder);
		verifying.setJwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(claims));
		ReactiveAuthenticationManager jwt = new CachingJwtAuthenticationManager(verifying, properties.tokenCacheSize());
		return (authentication) -> {
			if (authentication instanceof BearerTokenAuthenticationToken) {
				return jwt.authenticate(authentication);
			}
			return apiKeys.authenticate(authentication);
		};
	}

	/**
	 * Nimbus' JWK source keeps the JWKS for {@code jwksCacheTtl}; a token whose
	 * {@code kid} it does not know triggers one refresh, at most one per
	 * {@code jwksRefreshMinInterval} (Spring's default reactive source refetches on every
	 * unknown kid, which lets forged tokens flood identity). Its HTTP fetch blocks, so it
	 * runs off the event loop; cached lookups do not block. Tokens signed with RS256,
	 * ES256 or EdDSA pass ({@link SignatureVerification}, over the keys fetched for the
	 * token); Spring's reactive decoder alone knows RS256 only. With mTLS on, identity's
	 * port wants the gateway's certificate.
	 */
	@Bean
	ReactiveJwtDecoder edgeJwtDecoder(StrataSecurityProperties security, EdgeAuthProperties properties,
			SslBundles bundles) throws MalformedURLException {
		JWKSource<SecurityContext> keys = JWKSourceBuilder
			.<SecurityContext>create(URI.create(security.jwksUri()).toURL(), MtlsHttpClients.resourceRetriever(bundles))
			.cache(properties.jwksCacheTtl().toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
			.rateLimited(properties.jwksRefreshMinInterval().toMillis())
			.refreshAheadCache(false)
			.retrying(false)
			.build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource((jwt) -> {
			JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
			if (matcher == null) {
				// an algorithm of no known family: no key can verify it (401)
				return Flux.empty();
			}
			return Mono.fromCallable(() -> keys.get(new JWKSelector(matcher), null))
				.subscribeOn(Schedulers.boundedElastic())
				.onErrorResume(KeySourceException.class, (ex) -> {
					// JWKS unreachable, or a refresh refused by the rate limit: no key
					// matches, so the token is rejected as invalid (401), never a 500
					log.debug("No JWK for kid {}: {}", jwt.getHeader().getKeyID(), ex.toString());
					return Mono.just(List.of());
				})
				.flatMapMany(Flux::fromIterable);
		})
			// verifies with the JWKs fetched above (Spring passes them in the context)
			.jwtProcessorCustomizer(
					(processor) -> SignatureVerification.configure(processor, new JWKSecurityContextJWKSet()))
			.build();
		decoder.setJwtValidator(JwtDecoders.validator(security));
		return decoder;
	}

	/**
	 * No observation of Spring Security's own steps (filter chain, authentication,
	 * authorization). {@code management.observations.enable.spring.security=false} only
	 * turns them into no-ops: the chain was still wrapped in observing decorators, 2 % of
	 * the gateway's CPU samples under {@code ./strata bench edge}. The gateway's server
	 * span covers the request.
	 */
	@Bean
	static SecurityObservationSettings edgeSecurityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The edge's one authentication manager: the security chain's, and the same checks
	 * for credentials that arrive outside headers.
	 */
	@Bean
	EdgeAuthenticator edgeAuthenticator(ReactiveJwtDecoder jwtDecoder, ApiKeys apiKeys, EdgeAuthProperties properties) {
		return new EdgeAuthenticator(authenticationManager(jwtDecoder, apiKeys, properties));
	}

	/** The edge's one channel to identity's gRPC (API keys, tenant status). */
	@Bean(destroyMethod = "shutdownNow")
	ManagedChannel identityChannel(EdgeAuthProperties properties, MtlsChannels channels) {
		return channels.forTarget(properties.identityGrpc());
	}

	@Bean
	ApiKeys apiKeys(ManagedChannel identityChannel, EdgeAuthProperties properties) {
		return new ApiKeys(IdentityServiceGrpc.newStub(identityChannel), properties);
	}

}
