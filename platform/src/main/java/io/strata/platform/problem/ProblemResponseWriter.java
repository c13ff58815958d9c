package io.strata.platform.problem;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.observability.TraceIds;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Writes a problem document straight to a servlet response, for code that runs before
 * Spring MVC (filters).
 */
public class ProblemResponseWriter {

	private final JsonMapper jsonMapper;

	private final TraceIds traceIds;

	public ProblemResponseWriter(JsonMapper jsonMapper, TraceIds traceIds) {
		this.jsonMapper = jsonMapper;
		this.traceIds = traceIds;
	}

	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		Problems.complete(problem, request.getRequestURI(), this.traceIds.currentTraceId());
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.jsonMapper.writeValue(response.getOutputStream(), Problems.toMap(problem));
	}

}
