package io.strata.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counters of the edge's own decisions: rejections by reason (auth: 401 and 403;
 * auth_unavailable: identity could not be asked; rate limit, validation, idempotency) and
 * route, and rate-limit fallbacks when Redis is gone. Per-route request counts and
 * latency come from Spring Cloud Gateway's {@code spring.cloud.gateway.requests} timer.
 */
@Component
public class EdgeMetrics {

	private final MeterRegistry registry;

	public EdgeMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void rejected(String reason, String routeId) {
		Counter.builder("strata.gateway.rejections")
			.description("Requests the edge answered itself instead of routing them")
			.tag("reason", reason)
			.tag("route", (routeId != null) ? routeId : "none")
			.register(this.registry)
			.increment();
	}

	public void rateLimitFallback(String mode) {
		Counter.builder("strata.gateway.ratelimit.fallback")
			.description("Rate-limit decisions taken without Redis")
			.tag("mode", mode)
			.register(this.registry)
			.increment();
	}

}
