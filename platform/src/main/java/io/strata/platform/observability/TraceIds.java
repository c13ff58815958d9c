package io.strata.platform.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The current trace, for error bodies and for carrying W3C {@code traceparent} through
 * the outbox into Kafka.
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

	/**
	 * Runs {@code work} in a span that continues the trace described by {@code headers}
	 * (W3C {@code traceparent}), so that what it sends (an outbox event, for instance)
	 * stays in the trace that caused it. Without a tracer or without trace headers the
	 * work simply runs.
	 */
	public <T> T continueTrace(Map<String, String> headers, String name, Supplier<T> work) {
		Tracer activeTracer = this.tracer.get();
		Propagator activePropagator = this.propagator.get();
		if (activeTracer == null || activePropagator == null || headers.get("traceparent") == null) {
			return work.get();
		}
		Span span = activePropagator.extract(headers, Map::get).name(name).start();
		try (Tracer.SpanInScope scope = activeTracer.withSpan(span)) {
			return work.get();
		}
		finally {
			span.end();
		}
	}

	private Span currentSpan() {
		Tracer activeTracer = this.tracer.get();
		return (activeTracer != null) ? activeTracer.currentSpan() : null;
	}

}
