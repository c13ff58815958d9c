package io.strata.notification.endpoint;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.strata.platform.net.OutboundAddressPolicy;
import io.strata.platform.problem.ProblemException;
import io.strata.platform.tenant.TenantScope;
import io.strata.platform.web.ETags;
import io.strata.platform.web.Page;
import io.strata.platform.web.PageRequest;

import org.springframework.stereotype.Service;

/**
 * Lists, reads, updates, disables, enables and deletes endpoints of the caller's tenant,
 * for the REST and the gRPC adapter alike. With {@code If-Match}, a change applies only
 * to the version the caller read ({@link ETags}: 412 otherwise); another tenant's
 * endpoint does not exist for the caller (404).
 */
@Service
class ManagingEndpoints {

	private final TenantScope tenants;

	private final EndpointRepository endpoints;

	private final OutboundAddressPolicy policy;

	ManagingEndpoints(TenantScope tenants, EndpointRepository endpoints, OutboundAddressPolicy policy) {
		this.tenants = tenants;
		this.endpoints = endpoints;
		this.policy = policy;
	}

	Page<Endpoint> list(PageRequest page) {
		return this.tenants
			.callForCurrentTenant((status) -> page.page(this.endpoints.list(page.after(), page.limit()), Endpoint::id));
	}

	Endpoint get(String id) {
		return this.tenants.callForCurrentTenant((status) -> find(id));
	}

	Endpoint update(String id, EndpointRequests.Update request, String ifMatch) {
		SubscriptionRights.check(request.eventTypes());
		String url = (request.url() != null) ? this.policy.checkUrl(request.url().trim(), "url").toString() : null;
		return change(id, ifMatch,
				(current) -> new Endpoint(current.id(), current.tenantId(), (url != null) ? url : current.url(),
						(request.description() != null) ? request.description() : current.description(),
						(request.eventTypes() != null) ? List.copyOf(request.eventTypes()) : current.eventTypes(),
						(request.rateLimitPerSecond() != null) ? request.rateLimitPerSecond()
								: current.rateLimitPerSecond(),
						(request.metadata() != null) ? Map.copyOf(request.metadata()) : current.metadata(),
						current.status(), current.disabledReason(), current.version(), current.createdAt(),
						current.updatedAt()));
	}

	Endpoint enable(String id, String ifMatch) {
		return change(id, ifMatch, (current) -> withStatus(current, Endpoint.ENABLED, null));
	}

	Endpoint disable(String id, String ifMatch) {
		return change(id, ifMatch, (current) -> withStatus(current, Endpoint.DISABLED, "Disabled through the API."));
	}

	void delete(String id, String ifMatch) {
		this.tenants.callForCurrentTenant((status) -> {
			Endpoint current = find(id);
			ETags.check(ifMatch, current.version());
			return this.endpoints.delete(current.id());
		});
	}

	private Endpoint change(String id, String ifMatch, UnaryOperator<Endpoint> change) {
		return this.tenants.callForCurrentTenant((status) -> {
			Endpoint current = find(id);
			ETags.check(ifMatch, current.version());
			if (!this.endpoints.update(change.apply(current))) {
				throw ProblemException.preconditionFailed("The endpoint changed meanwhile; read it again.");
			}
			return find(id);
		});
	}

	private Endpoint find(String id) {
		return this.endpoints.find(id).orElseThrow(() -> ProblemException.notFound("Webhook endpoint", id));
	}

	private static Endpoint withStatus(Endpoint endpoint, String status, String reason) {
		return new Endpoint(endpoint.id(), endpoint.tenantId(), endpoint.url(), endpoint.description(),
				endpoint.eventTypes(), endpoint.rateLimitPerSecond(), endpoint.metadata(), status, reason,
				endpoint.version(), endpoint.createdAt(), endpoint.updatedAt());
	}

}
