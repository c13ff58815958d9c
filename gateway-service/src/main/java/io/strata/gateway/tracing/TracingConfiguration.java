package io.strata.gateway.tracing;

import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	/** With tracing off ({@code management.tracing.enabled=false}) nothing is written. */
	@Bean
	TraceContextHeadersFilter traceContextHeadersFilter(ObjectProvider<Propagator> propagator) {
		return new TraceContextHeadersFilter(propagator.getIfAvailable(() -> Propagator.NOOP));
	}

}
