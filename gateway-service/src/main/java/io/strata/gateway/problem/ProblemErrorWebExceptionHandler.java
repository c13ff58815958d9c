package io.strata.gateway.problem;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.problem.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Every error the gateway itself answers (no route, bad method, a service that does not
 * answer, a rejection by an edge policy) as problem+json, in the same shape as the
 * services' errors. Runs before Spring Boot's default handler.
 */
@Component
@Order(-2)
class ProblemErrorWebExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

	private final ProblemResponses problems;

	ProblemErrorWebExceptionHandler(ProblemResponses problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = toProblem(ex);
		if (ex instanceof ErrorResponse errorResponse) {
			errorResponse.getHeaders().forEach((name, values) -> response.getHeaders().addAll(name, values));
		}
		return this.problems.write(exchange, problem);
	}

	private static ProblemDetail toProblem(Throwable ex) {
		if (ex instanceof ProblemException problem) {
			return Problems.of(problem);
		}
		if (ex instanceof ErrorResponse errorResponse) {
			ProblemDetail body = errorResponse.getBody();
			HttpStatus status = HttpStatus.resolve(body.getStatus());
			String title = (status != null) ? status.getReasonPhrase() : body.getTitle();
			if (status == HttpStatus.NOT_FOUND) {
				return Problems.of(status, "not-found", "Not found", "No route or resource matches this path.");
			}
			if (status == HttpStatus.PAYLOAD_TOO_LARGE) {
				return Problems.of(status, "payload-too-large", "Payload too large", body.getDetail());
			}
			if (status != null && status.is5xxServerError()) {
				log.warn("Upstream failure: {}", ex.toString());
				return Problems.of(status, "upstream", title, "The service behind this route did not answer.");
			}
			return Problems.of(HttpStatusCode.valueOf(body.getStatus()), "http-" + body.getStatus(), title,
					body.getDetail());
		}
		log.error("Unhandled gateway error", ex);
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"The gateway could not complete the request; quote the traceId when reporting it.");
	}

}
