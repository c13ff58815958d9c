package io.strata.notification.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.Ids;

import org.springframework.stereotype.Service;

/**
 * Registers an endpoint for the caller's tenant: the URL must pass the outbound address
 * policy (no private, loopback, link-local or metadata targets unless allow-listed), and
 * a fresh secret is generated, stored encrypted and returned this once.
 */
@Service
class RegisteringEndpoints {

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final WebhookSecrets secrets;

	private final OutboundAddressPolicy policy;

	RegisteringEndpoints(TenantScope tenants, EndpointRepository endpoints, WebhookSecrets secrets,
			OutboundAddressPolicy policy) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.secrets = secrets;
		this.policy = policy;
	}

	Registered register(EndpointRequests.Register request) {
		SubscriptionRights.check(request.eventTypes());
		String url = this.policy.checkUrl(request.url().trim(), "url").toString();
		return this.tenants.callForCurrentTenant((status) -> {
			String tenant = TenantContext.requireTenant();
			Instant now = Instant.now();
			Endpoint endpoint = new Endpoint(Ids.newId("ep"), tenant, url,
					(request.description() != null) ? request.description() : "", List.copyOf(request.eventTypes()),
					request.rateLimitPerSecond(),
					(request.metadata() != null) ? Map.copyOf(request.metadata()) : Map.of(), Endpoint.ENABLED, null, 1,
					now, now);
			byte[] key = this.secrets.newKey();
			this.endpoints.insert(endpoint, this.secrets.encrypt(tenant, endpoint.id(), key));
			return new Registered(this.endpoints.find(endpoint.id()).orElseThrow(), WebhookSecrets.serialize(key));
		});
	}

	record Registered(Endpoint endpoint, String secret) {
	}

}
