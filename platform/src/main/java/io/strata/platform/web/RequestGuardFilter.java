package io.strata.platform.web;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.ProblemResponseWriter;
import io.strata.platform.problem.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@link RequestGuards} in front of a servlet service, before security and MVC; and the
 * answer to a {@link ProblemException} that a filter behind it threw (MVC's handler never
 * sees those, and the container would make a 500 of them), such as the authorization
 * server's token endpoint refusing to sign.
 */
public class RequestGuardFilter extends OncePerRequestFilter {

	private final ProblemResponseWriter problems;

	public RequestGuardFilter(ProblemResponseWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<ProblemDetail> problem = RequestGuards.check(request.getHeader(HttpHeaders.CONTENT_TYPE),
				request.getRequestURI(), request.getQueryString());
		if (problem.isPresent()) {
			this.problems.write(request, response, problem.get());
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		catch (ProblemException ex) {
			if (response.isCommitted()) {
				throw ex;
			}
			response.reset();
			this.problems.write(request, response, Problems.of(ex));
		}
	}

}
