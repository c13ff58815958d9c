package io.strata.platform.tenant;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 403 {@code tenant-suspended} to a valid token of a suspended or deleted tenant,
 * as the gateway does, so that a call that skips the gateway is refused too. Runs once
 * the token is authenticated; requests without a tenant pass. While a fresh instance is
 * still reading which tenants are refused, a tenant's request waits for it (up to
 * {@link #CATCH_UP_PATIENCE}), then gets 503 {@code starting}: it is never served on a
 * guess.
 */
public class RefusingSuspendedTenants extends OncePerRequestFilter {

	static final Duration CATCH_UP_PATIENCE = Duration.ofSeconds(10);

	private final RefusedTenants refused;

	private final ProblemResponseWriter problems;

	public RefusingSuspendedTenants(RefusedTenants refused, ProblemResponseWriter problems) {
		this.refused = refused;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> tenant = TenantContext.currentTenant();
		if (tenant.isPresent() && !this.refused.awaitCaughtUp(CATCH_UP_PATIENCE)) {
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			this.problems.write(request, response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "starting", "Starting",
					"The service is still reading which organisations are suspended; retry shortly."));
			return;
		}
		if (tenant.isPresent() && this.refused.refuses(tenant.get())) {
			this.problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "tenant-suspended",
					"Tenant suspended", "The organisation is suspended or deleted: its requests are refused."));
			return;
		}
		chain.doFilter(request, response);
	}

}
