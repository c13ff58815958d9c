package io.strata.platform.observability;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The current trace, for error bodies and for carrying W3C {@code traceparent} through
 * the outbox into Kafka.
 */
public class TraceIds {

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	public TraceIds(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	/** The current trace id, or {@code null} outside a trace. */
	public String currentTraceId() {
		Span span = currentSpan();
		return (span != null) ? span.context().traceId() : null;
	}

	/**
	 * The propagation headers ({@code traceparent}, …) of the current span; empty outside
	 * a trace.
	 */
	public Map<String, String> propagationHeaders() {
		Span span = currentSpan();
		Propagator activePropagator = this.propagator.getIfAvailable();
		Map<String, String> headers = new HashMap<>();
		if (span != null && activePropagator != null) {
			activePropagator.inject(span.context(), headers, Map::put);
		}
		return headers;
	}

	private Span currentSpan() {
		Tracer activeTracer = this.tracer.getIfAvailable();
		return (activeTracer != null) ? activeTracer.currentSpan() : null;
	}

}
