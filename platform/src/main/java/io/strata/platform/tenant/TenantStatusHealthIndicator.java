package io.strata.platform.tenant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code tenantStatus}: out of service until this instance has read the tenant changes
 * identity published before it started, so a load balancer sends no request before the
 * instance knows which tenants it must refuse.
 */
class TenantStatusHealthIndicator implements HealthIndicator {

	private final RefusedTenants refused;

	TenantStatusHealthIndicator(RefusedTenants refused) {
		this.refused = refused;
	}

	@Override
	public Health health() {
		return this.refused.caughtUp() ? Health.up().build()
				: Health.outOfService().withDetail("reason", "reading identity.events").build();
	}

}
