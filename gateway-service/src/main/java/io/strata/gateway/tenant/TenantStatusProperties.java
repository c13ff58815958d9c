package io.strata.gateway.tenant;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the edge learns that a tenant is suspended.
 *
 * @param maxStaleness the oldest answer of identity a request is checked against: a
 * suspended tenant's tokens are refused within this time (while identity answers)
 * @param maximumSize tenants whose status is kept
 */
@ConfigurationProperties("strata.gateway.tenant-status")
public record TenantStatusProperties(@DefaultValue("30s") Duration maxStaleness,
		@DefaultValue("100000") long maximumSize) {

}
