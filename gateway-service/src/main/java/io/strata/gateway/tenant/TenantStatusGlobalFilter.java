package io.strata.gateway.tenant;

import reactor.core.publisher.Mono;

import io.strata.gateway.policy.Policy;
import io.strata.gateway.security.Caller;
import io.strata.platform.problem.ProblemException;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Refuses the requests of a suspended or deleted tenant with 403
 * {@code tenant-suspended}, also while their access tokens (or the gateway's cached API
 * key resolutions) are still valid: identity stops issuing tokens at once, and this
 * closes the gap within {@link TenantStatusProperties#maxStaleness}. Runs once the
 * security chain has authenticated the caller, before the route's scope check and
 * routing; callers without a tenant (public routes) pass.
 */
class TenantStatusGlobalFilter implements GlobalFilter, Ordered {

	/** The tenant of a caller that has none ({@link Caller#tenantId()}). */
	private static final String NO_TENANT = "-";

	private final TenantStatuses statuses;

	TenantStatusGlobalFilter(TenantStatuses statuses) {
		this.statuses = statuses;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return Caller.of(exchange).flatMap((caller) -> {
			if (!caller.authenticated() || NO_TENANT.equals(caller.tenantId())) {
				return chain.filter(exchange);
			}
			return this.statuses.status(caller.tenantId()).flatMap((status) -> switch (status) {
				case TENANT_STATUS_SUSPENDED, TENANT_STATUS_DELETED ->
					Mono.error(new ProblemException(HttpStatus.FORBIDDEN, "tenant-suspended", "Tenant suspended",
							"The organisation is suspended or deleted: its requests are refused."));
				default -> chain.filter(exchange);
			});
		});
	}

	/** After authentication (a web filter), before the route scope check. */
	@Override
	public int getOrder() {
		return Policy.TENANT_STATUS.order();
	}

}
