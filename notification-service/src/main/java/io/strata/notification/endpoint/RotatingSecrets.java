package io.strata.notification.endpoint;

import java.time.Instant;

import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantContext;
import io.strata.platform.tenant.TenantScope;

import org.springframework.stereotype.Service;

/**
 * Replaces an endpoint's secret. The old one keeps signing as well for the configured
 * overlap (24 h by default), so the receiver can deploy the new one without rejecting a
 * single delivery in between.
 */
@Service
class RotatingSecrets {

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final WebhookSecrets secrets;

	private final EndpointProperties properties;

	RotatingSecrets(TenantScope tenants, EndpointRepository endpoints, WebhookSecrets secrets,
			EndpointProperties properties) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.secrets = secrets;
		this.properties = properties;
	}

	RegisteringEndpoints.Registered rotate(String id) {
		return this.tenants.callForCurrentTenant((status) -> {
			Endpoint endpoint = this.endpoints.find(id)
				.orElseThrow(() -> ProblemException.notFound("Webhook endpoint", id));
			byte[] key = this.secrets.newKey();
			this.endpoints.rotate(id, this.secrets.encrypt(TenantContext.requireTenant(), endpoint.id(), key),
					Instant.now().plus(this.properties.rotationOverlap()));
			return new RegisteringEndpoints.Registered(this.endpoints.find(id).orElseThrow(),
					WebhookSecrets.serialize(key));
		});
	}

}
