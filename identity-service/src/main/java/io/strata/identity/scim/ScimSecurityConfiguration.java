package io.strata.identity.scim;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.unboundid.scim2.common.messages.ErrorResponse;

import io.strata.platform.tenant.TenantContext;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /scim/v2/**} has its own filter chain, after the authorization server's and
 * before the platform's resource-server chain: it accepts only SCIM tokens (never a JWT),
 * and the resource-server chain never accepts a SCIM token (it is not a JWT). Failures
 * answer SCIM errors, not problem+json.
 */
@Configuration(proxyBeanMethods = false)
class ScimSecurityConfiguration {

	/** The subject of a SCIM request: the token, so the audit log names it. */
	static final String SUBJECT_PREFIX = "scim-token:";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 10)
	SecurityFilterChain scimFilterChain(HttpSecurity http, ScimTokens tokens) throws Exception {
		http.securityMatcher("/scim/v2/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// not a bean: Spring Boot would register a Filter bean for every path
			.addFilterAt(new ScimTokenFilter(tokens), BasicAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(response))
				.accessDeniedHandler((request, response, ex) -> unauthorized(response)));
		return http.build();
	}

	private static void unauthorized(HttpServletResponse response) throws IOException {
		ErrorResponse error = new ErrorResponse(HttpStatus.UNAUTHORIZED.value());
		error.setDetail("A valid SCIM token is required (Authorization: Bearer scim_...)");
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"scim\"");
		response.setContentType(ScimJson.SCIM.toString());
		response.getOutputStream().write(ScimJson.write(error));
	}

	/**
	 * Resolves {@code Authorization: Bearer scim_...} to its tenant. The rest of the code
	 * reads the tenant from the authentication's {@link Jwt} ({@link TenantContext}, the
	 * {@code tid} claim), so the request is authenticated with an in-memory Jwt carrying
	 * the token's tenant, subject {@code scim-token:<id>} and scope {@code scim} only. It
	 * is never encoded or signed, and it grants nothing outside this chain: it is not an
	 * admin, and {@code /v2} never sees it.
	 */
	static final class ScimTokenFilter extends OncePerRequestFilter {

		private final ScimTokens tokens;

		ScimTokenFilter(ScimTokens tokens) {
			this.tokens = tokens;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String header = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
				Optional<ScimToken> token = this.tokens.resolve(header.substring(7).strip());
				token.ifPresent(ScimTokenFilter::authenticate);
			}
			chain.doFilter(request, response);
		}

		private static void authenticate(ScimToken token) {
			Instant now = Instant.now();
			Jwt jwt = Jwt.withTokenValue(token.id())
				.header("alg", "none")
				.subject(SUBJECT_PREFIX + token.id())
				.claim(TenantContext.TENANT_CLAIM, token.tenantId())
				.claim("scope", "scim")
				.issuedAt(now)
				.build();
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority("SCOPE_scim")),
					SUBJECT_PREFIX + token.id()));
			SecurityContextHolder.setContext(context);
		}

	}

}
