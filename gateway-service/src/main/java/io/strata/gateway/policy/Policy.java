package io.strata.gateway.policy;

import org.springframework.core.Ordered;

/**
 * The edge's policies in the order they run, the one place that orders them. Spring Cloud
 * Gateway sorts global filters and a route's filters together by these numbers; the
 * policies run before its {@code NettyWriteResponseFilter} ({@code -1}), so that they see
 * (and, for idempotency, capture) the answer. The web filters before routing (request
 * guards, the security chain) are Spring WebFlux's, ordered there.
 */
public enum Policy {

	/**
	 * Drops request headers only the platform may set, gives every request an
	 * {@code X-Request-Id}.
	 */
	REQUEST_HEADERS(Ordered.HIGHEST_PRECEDENCE + 1),

	/** Refuses a suspended tenant's requests: after authentication, before the scope. */
	TENANT_STATUS(Ordered.HIGHEST_PRECEDENCE + 5),

	/** Checks the route's scopes. */
	ROUTE_SCOPE(Ordered.HIGHEST_PRECEDENCE + 10),

	/** Marks deprecated routes' answers. */
	DEPRECATION(Ordered.HIGHEST_PRECEDENCE + 20),

	/** Charges the caller's rate limit: the cheap refusal before the body is read. */
	RATE_LIMIT(-4),

	/** Checks the body against the route's schemas. */
	BODY_VALIDATION(-3),

	/** Replays or records the answer of a request with an {@code Idempotency-Key}. */
	IDEMPOTENCY(-2);

	private final int order;

	Policy(int order) {
		this.order = order;
	}

	/** The policy's filter order. */
	public int order() {
		return this.order;
	}

}
