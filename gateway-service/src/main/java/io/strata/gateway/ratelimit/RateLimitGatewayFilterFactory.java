package io.strata.gateway.ratelimit;

import reactor.core.publisher.Mono;

import io.strata.gateway.policy.Policy;
import io.strata.gateway.security.Caller;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Rate limit of a route: takes {@code cost} tokens (the route's {@code rate-limit-cost}
 * metadata, 1 by default) from the caller's bucket (tenant and client) under the tenant's
 * plan. Every answer carries the IETF {@code RateLimit-Policy} and {@code RateLimit}
 * fields (draft-ietf-httpapi-ratelimit-headers: structured-field items named after the
 * plan, {@code q} quota and {@code w} window; {@code r} remaining and {@code t} seconds
 * to reset); a refusal is a 429 problem with {@code Retry-After}.
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

	/** Route metadata key: tokens one request of the route costs. */
	static final String COST = "rate-limit-cost";

	private final TenantRateLimits limits;

	RateLimitGatewayFilterFactory(TenantRateLimits limits) {
		super(Config.class);
		this.limits = limits;
	}

	@Override
	public GatewayFilter apply(Config config) {
		return new OrderedGatewayFilter((exchange, chain) -> {
			Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
			long cost = cost(config, route);
			return Caller.of(exchange)
				.flatMap((caller) -> this.limits.charge(caller, cost, exchange.getResponse().getHeaders(),
						(route != null) ? route.getId() : null))
				.flatMap((charge) -> charge.allowed() ? chain.filter(exchange)
						: Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
								"Too many requests", charge.detail())));
		}, Policy.RATE_LIMIT.order());
	}

	private static long cost(Config config, Route route) {
		if (config.getCost() != null) {
			return Math.max(1, config.getCost());
		}
		Object metadata = (route != null) ? route.getMetadata().get(COST) : null;
		if (metadata != null) {
			try {
				return Math.max(1, Long.parseLong(metadata.toString()));
			}
			catch (NumberFormatException ex) {
				return 1;
			}
		}
		return 1;
	}

	public static class Config {

		private Long cost;

		public Long getCost() {
			return this.cost;
		}

		public void setCost(Long cost) {
			this.cost = cost;
		}

	}

}
