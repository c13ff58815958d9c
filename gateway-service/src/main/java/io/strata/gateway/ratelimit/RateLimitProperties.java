package io.strata.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;

import io.strata.gateway.tokenbucket.Plan;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate-limit plans and who is on which.
 *
 * @param plans plans by name: a bucket of {@code burst} tokens refilled at
 * {@code perSecond}
 * @param defaultPlan plan of tenants not listed in {@code tenants}
 * @param anonymousPlan plan of callers without credentials (public routes), per address
 * @param tenants plan name by tenant id; a tenant on a plan that {@code plans} does not
 * define stops the gateway at start (it was given the default plan without a word)
 * @param redisFailure what to do when Redis does not answer: {@code LOCAL} (a
 * per-instance bucket with the same plan), {@code OPEN} (admit), {@code CLOSED} (reject
 * with 503)
 * @param redisTimeout how long a decision may wait for Redis before the fallback applies
 * @param redisRetryAfter after a Redis failure, how long decisions skip Redis
 * @param leaseShare share of a plan's burst and of one second's refill (whichever is
 * smaller) that a gateway instance takes from Redis at once and spends locally
 * ({@link LeasedTokens}); 0 charges Redis on every request
 * @param leaseTtl how long leased tokens stay usable
 */
@ConfigurationProperties("strata.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue Map<String, Plan> plans, @DefaultValue("standard") String defaultPlan,
		@DefaultValue("anonymous") String anonymousPlan, @DefaultValue Map<String, String> tenants,
		@DefaultValue("LOCAL") RedisFailure redisFailure, @DefaultValue("250ms") Duration redisTimeout,
		@DefaultValue("2s") Duration redisRetryAfter, @DefaultValue("0.1") double leaseShare,
		@DefaultValue("1s") Duration leaseTtl) {

	private static final Plan STANDARD = new Plan(100, 50);

	private static final Plan ANONYMOUS = new Plan(20, 5);

	/** Plans every gateway knows by name; {@code plans} may redefine them. */
	private static final Map<String, Plan> BUILT_IN = Map.of("standard", STANDARD, "anonymous", ANONYMOUS);

	public RateLimitProperties {
		plans = Map.copyOf(plans);
		for (Map.Entry<String, String> tenant : tenants.entrySet()) {
			if (!plans.containsKey(tenant.getValue()) && !BUILT_IN.containsKey(tenant.getValue())) {
				throw new IllegalArgumentException(
						"strata.gateway.rate-limit.tenants: tenant " + tenant.getKey() + " is on plan '"
								+ tenant.getValue() + "', which strata.gateway.rate-limit.plans does not define");
			}
		}
		tenants = Map.copyOf(tenants);
	}

	NamedPlan planOf(String tenant, boolean authenticated) {
		String name = authenticated ? this.tenants.getOrDefault(tenant, this.defaultPlan) : this.anonymousPlan;
		Plan plan = this.plans.get(name);
		if (plan == null) {
			plan = BUILT_IN.getOrDefault(name, authenticated ? STANDARD : ANONYMOUS);
		}
		return new NamedPlan(name, plan);
	}

	record NamedPlan(String name, Plan plan) {
	}

	enum RedisFailure {

		LOCAL, OPEN, CLOSED

	}

}
