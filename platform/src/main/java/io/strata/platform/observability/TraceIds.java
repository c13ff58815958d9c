package io.strata.platform.observability;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The current trace, for error bodies and for carrying W3C {@code traceparent} through
 * the outbox into Kafka (the relay sends each event with the trace that wrote it).
 */
public class TraceIds {

	// resolved on first use and kept: a bean look-up on every outbox append was 9 % of
	// workflow's worker CPU (issue 19)
	private final SingletonSupplier<Tracer> tracer;

	private final SingletonSupplier<Propagator> propagator;

	public TraceIds(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = SingletonSupplier.ofNullable(tracer::getIfAvailable);
		this.propagator = SingletonSupplier.ofNullable(propagator::getIfAvailable);
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
		Propagator activePropagator = this.propagator.get();
		Map<String, String> headers = new HashMap<>();
		if (span != null && activePropagator != null) {
			activePropagator.inject(span.context(), headers, Map::put);
		}
		return headers;
	}

	private Span currentSpan() {
		Tracer activeTracer = this.tracer.get();
		return (activeTracer != null) ? activeTracer.currentSpan() : null;
	}

}
