package io.strata.gateway.problem;

import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.handler.TracingObservationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.observability.TraceIds;
import io.strata.platform.problem.Problems;

import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Every error the gateway itself answers (no route, bad method, a service that does not
 * answer) as problem+json, in the same shape as the services' errors. Runs before Spring
 * Boot's default handler.
 */
@Component
@Order(-2)
class ProblemErrorWebExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

	private final JsonMapper jsonMapper;

	private final TraceIds traceIds;

	ProblemErrorWebExceptionHandler(JsonMapper jsonMapper, TraceIds traceIds) {
		this.jsonMapper = jsonMapper;
		this.traceIds = traceIds;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		ProblemDetail problem = toProblem(ex);
		Problems.complete(problem, exchange.getRequest().getPath().value(), traceId(exchange));
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (ex instanceof ErrorResponse errorResponse) {
			errorResponse.getHeaders().forEach((name, values) -> response.getHeaders().addAll(name, values));
		}
		byte[] body = this.jsonMapper.writeValueAsString(Problems.toMap(problem)).getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Reactive requests keep their span in the exchange's observation, not in a
	 * thread-local.
	 */
	private String traceId(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map((context) -> context.<TracingObservationHandler.TracingContext>get(
					TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.map((span) -> span.context().traceId())
			.orElseGet(this.traceIds::currentTraceId);
	}

	private static ProblemDetail toProblem(Throwable ex) {
		if (ex instanceof ErrorResponse errorResponse) {
			ProblemDetail body = errorResponse.getBody();
			HttpStatus status = HttpStatus.resolve(body.getStatus());
			String title = (status != null) ? status.getReasonPhrase() : body.getTitle();
			if (status == HttpStatus.NOT_FOUND) {
				return Problems.of(status, "not-found", "Not found", "No route or resource matches this path.");
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
