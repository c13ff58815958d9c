package io.strata.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.problem.Problems;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error answers (requests it refuses before any filter runs, such as too
 * many or too large headers, or a malformed request line) as problem+json instead of its
 * HTML page. No span exists yet at that point, so the answer gets a fresh trace id,
 * logged with the refusal so that it can be quoted.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String traceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
				+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		log.info("Tomcat refused {} {} with {} (traceId {})", request.getMethod(), request.getRequestURI(), status,
				traceId);
		ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), Problems.typeFor(status),
				(status < 500) ? "Bad request" : "Internal error",
				(status < 500) ? "The server refused the request before reading it (malformed request line, "
						+ "too many or too large headers)." : "The server could not complete the request.");
		Problems.complete(problem, request.getDecodedRequestURI(), traceId);
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(json.writeValueAsString(Problems.toMap(problem)));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone or the response committed: nothing left to answer
		}
	}

}
