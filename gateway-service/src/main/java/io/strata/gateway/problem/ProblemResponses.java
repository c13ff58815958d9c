package io.strata.gateway.problem;

import java.nio.charset.StandardCharsets;

import io.micrometer.tracing.handler.TracingObservationHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.strata.platform.observability.TraceIds;
import io.strata.platform.problem.Problems;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a problem+json answer on a reactive exchange: the one place the gateway's
 * filters, its security chain and its exception handler share, so every rejection at the
 * edge has the same shape as the services' errors.
 */
@Component
public class ProblemResponses {

	private final JsonMapper jsonMapper;

	private final TraceIds traceIds;

	ProblemResponses(JsonMapper jsonMapper, TraceIds traceIds) {
		this.jsonMapper = jsonMapper;
		this.traceIds = traceIds;
	}

	/**
	 * Writes the problem; headers already set on the response (such as {@code RateLimit}
	 * or {@code WWW-Authenticate}) are kept.
	 */
	public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem) {
		ServerHttpResponse response = exchange.getResponse();
		Problems.complete(problem, exchange.getRequest().getPath().value(), traceId(exchange));
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().remove("Content-Length");
		byte[] body = this.jsonMapper.writeValueAsString(Problems.toMap(problem)).getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * Reactive requests keep their span in the exchange's observation, not in a
	 * thread-local.
	 */
	public String traceId(ServerWebExchange exchange) {
		return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map((context) -> context.<TracingObservationHandler.TracingContext>get(
					TracingObservationHandler.TracingContext.class))
			.map(TracingObservationHandler.TracingContext::getSpan)
			.map((span) -> span.context().traceId())
			.orElseGet(this.traceIds::currentTraceId);
	}

}
