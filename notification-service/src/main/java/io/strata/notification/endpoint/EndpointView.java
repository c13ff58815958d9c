package io.strata.notification.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An endpoint as the API shows it. {@code secret} is present only in the answers to
 * registration and rotation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointView(String id, String url, String description, List<String> eventTypes, Integer rateLimitPerSecond,
		Map<String, Object> metadata, String status, String disabledReason, Instant createdAt, Instant updatedAt,
		String secret) {

	static EndpointView of(Endpoint endpoint) {
		return of(endpoint, null);
	}

	static EndpointView of(Endpoint endpoint, String secret) {
		return new EndpointView(endpoint.id(), endpoint.url(), endpoint.description(), endpoint.eventTypes(),
				endpoint.rateLimitPerSecond(), endpoint.metadata(), endpoint.status(), endpoint.disabledReason(),
				endpoint.createdAt(), endpoint.updatedAt(), secret);
	}

}
