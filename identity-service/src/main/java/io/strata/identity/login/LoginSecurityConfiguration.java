package io.strata.identity.login;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import io.strata.identity.auth.BrowserSignIn;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * The browser login page's own filter chain ({@code /login}, {@code /login/**},
 * {@code /logout}), between the authorization server's chain and the stateless API chain:
 * Spring Security's form login with a session and CSRF protection, so only these pages
 * keep browser state and the JSON APIs stay stateless. The password step is form login
 * with {@link PasswordAuthenticationProvider}; the code step is
 * {@link SecondFactorFilter}. Both go back to the saved {@code /oauth2/authorize} request
 * when done.
 */
@Configuration(proxyBeanMethods = false)
class LoginSecurityConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityFilterChain loginFilterChain(HttpSecurity http, BrowserSignIn signIn, LoginClients clients)
			throws Exception {
		ProviderManager authentication = new ProviderManager(
				List.of(new PasswordAuthenticationProvider(signIn), new SecondFactorAuthenticationProvider(signIn)));
		SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
				new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
		CsrfTokenRepository csrfTokens = new HttpSessionCsrfTokenRepository();
		SavedRequestAwareAuthenticationSuccessHandler backToTheApp = new SavedRequestAwareAuthenticationSuccessHandler();
		backToTheApp.setDefaultTargetUrl("/login?signed-in");
		AuthenticationDetailsSource<HttpServletRequest, LoginDetails> details = (request) -> new LoginDetails(
				clients.of(request).map(LoginClients.App::tenantId).orElse(null), request.getRemoteAddr());

		SecondFactorFilter secondFactor = new SecondFactorFilter();
		secondFactor.setAuthenticationManager(authentication);
		secondFactor.setSecurityContextRepository(contexts);
		// a new session id once signed in (session fixation), and a new CSRF token
		secondFactor.setSessionAuthenticationStrategy(new CompositeSessionAuthenticationStrategy(
				List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens))));
		secondFactor.setAuthenticationSuccessHandler((request, response, signedIn) -> {
			request.getSession().removeAttribute(SecondFactorFilter.CHALLENGE);
			backToTheApp.onAuthenticationSuccess(request, response, signedIn);
		});
		secondFactor.setAuthenticationFailureHandler((request, response, ex) -> {
			boolean waiting = request.getSession(false) != null
					&& request.getSession(false).getAttribute(SecondFactorFilter.CHALLENGE) != null;
			response.sendRedirect(request.getContextPath() + (waiting ? "/login/mfa?error" : "/login?expired"));
		});

		http.securityMatcher("/login", "/login/**", "/logout")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.authenticationManager(authentication)
			.securityContext((context) -> context.securityContextRepository(contexts))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens))
			.formLogin((form) -> form.loginPage("/login")
				.loginProcessingUrl("/login")
				.usernameParameter("email")
				.passwordParameter("password")
				.authenticationDetailsSource(details)
				.successHandler(backToTheApp)
				.failureHandler(passwordFailure())
				.permitAll())
			.logout((logout) -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
			.addFilterBefore(secondFactor, UsernamePasswordAuthenticationFilter.class);
		return http.build();
	}

	/** Where a password step that did not sign in leads: the code page or a message. */
	private static AuthenticationFailureHandler passwordFailure() {
		return (request, response, ex) -> {
			String target;
			if (ex instanceof SecondFactorNeeded needed) {
				request.getSession().setAttribute(SecondFactorFilter.CHALLENGE, needed.challenge());
				// a half-signed-in session gets a new id too
				request.changeSessionId();
				target = "/login/mfa";
			}
			else if (ex instanceof LockedException) {
				target = "/login?locked";
			}
			else if (ex instanceof BrowserSignIn.EnrolmentRequired) {
				target = "/login?enrol";
			}
			else if (ex instanceof NoApplication) {
				target = "/login?no-app";
			}
			else {
				target = "/login?error";
			}
			response.sendRedirect(request.getContextPath() + target);
		};
	}

}
