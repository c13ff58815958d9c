package io.strata.gateway.ratelimit;

import reactor.core.publisher.Mono;

import io.strata.gateway.metrics.EdgeMetrics;
import io.strata.gateway.security.Caller;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Charges a caller's bucket (tenant and client) under the tenant's plan and writes the
 * IETF {@code RateLimit-Policy} and {@code RateLimit} fields (and {@code Retry-After} on
 * a refusal) into the answer's headers. Routes ({@link RateLimitGatewayFilterFactory})
 * and GraphQL share it, so both draw from the same bucket and answer the same fields.
 */
@Component
public class TenantRateLimits {

	private final RateLimiter limiter;

	private final RateLimitProperties properties;

	private final EdgeMetrics metrics;

	TenantRateLimits(RateLimiter limiter, RateLimitProperties properties, EdgeMetrics metrics) {
		this.limiter = limiter;
		this.properties = properties;
		this.metrics = metrics;
	}

	/**
	 * Takes {@code cost} tokens.
	 * @param caller who pays
	 * @param cost tokens, at least 1
	 * @param headers the answer's headers, which get the rate-limit fields
	 * @param routeId what the request was for, for the rejection metric
	 * @return the outcome: allowed, or refused with when to retry
	 */
	public Mono<Charge> charge(Caller caller, long cost, HttpHeaders headers, String routeId) {
		RateLimitProperties.NamedPlan plan = this.properties.planOf(caller.tenantId(), caller.authenticated());
		return this.limiter.take(caller, plan.plan(), Math.max(1, cost)).map((decision) -> {
			String name = "\"" + plan.name().replace("\"", "") + "\"";
			headers.set("RateLimit-Policy", name + ";q=" + plan.plan().burst() + ";w=" + plan.plan().windowSeconds());
			if (decision.allowed()) {
				headers.set("RateLimit", name + ";r=" + decision.remaining() + ";t=" + seconds(decision.resetMillis()));
				return new Charge(true, plan.name(), 0);
			}
			long retryAfter = Math.max(1, seconds(decision.retryAfterMillis()));
			headers.set("RateLimit", name + ";r=0;t=" + retryAfter);
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
			this.metrics.rejected("rate_limit", routeId);
			return new Charge(false, plan.name(), retryAfter);
		});
	}

	private static long seconds(long millis) {
		return (millis + 999) / 1000;
	}

	/**
	 * A charge's outcome.
	 *
	 * @param allowed whether the request may go on
	 * @param plan the plan's name
	 * @param retryAfterSeconds when a refused request may be retried
	 */
	public record Charge(boolean allowed, String plan, long retryAfterSeconds) {

		/** The problem detail of a refusal, the same for REST and GraphQL. */
		public String detail() {
			return "The rate limit of plan " + this.plan + " is exhausted; retry after " + this.retryAfterSeconds
					+ " s.";
		}

	}

}
