package io.strata.platform.mtls;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP counterpart of {@link AllowedCallersInterceptor}: Tomcat's handshake has
 * already proven the client certificate chains to the trust bundle
 * ({@code server.ssl.client-auth=need}); this lets only the listed SPIFFE ids through.
 * Actuator answers on the management port, a separate server this filter is not part of,
 * so probes need no certificate.
 */
class AllowedHttpCallersFilter extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(AllowedHttpCallersFilter.class);

	private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

	private final Set<String> allowed;

	private final ProblemResponseWriter problems;

	AllowedHttpCallersFilter(Collection<String> allowed, ProblemResponseWriter problems) {
		this.allowed = Set.copyOf(allowed);
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> caller = SpiffeIds.ofChain((X509Certificate[]) request.getAttribute(CERTIFICATES));
		if (caller.isPresent() && this.allowed.contains(caller.get())) {
			chain.doFilter(request, response);
			return;
		}
		logger.warn("Refused {} {} to {}", request.getMethod(), request.getRequestURI(),
				caller.orElse("a caller without a SPIFFE id"));
		this.problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "caller-not-allowed",
				"Caller not allowed", "This service does not answer the caller's SPIFFE id."));
	}

}
